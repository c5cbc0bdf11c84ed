// Type-checked by `tsc -p tests/tsconfig.json`: the <intimacy-checkin>
// element's surface (intimacy/checkin) is typed.
import type { IntimacyCheckin, CheckinStore } from "intimacy/checkin";
import type { Report, Flag } from "intimacy/web";

declare const el: IntimacyCheckin;
const store: CheckinStore = {
  load: () => sessionStorage.getItem("checkin"),
  save: (state) => sessionStorage.setItem("checkin", state),
};
el.store = store;
el.options = { helpline: { name: "A help line", number: "0800 000 000" } };
el.addEventListener("complete", (e) => {
  const report: Report = e.detail.report;
  const stopped: boolean = e.detail.stopped;
  void [report, stopped];
});
el.addEventListener("support", (e) => {
  const flags: Flag[] = e.detail.flags;
  void flags;
});
el.addEventListener("error", (e) => {
  const during: "load" | "save" | "resume" | "start" | "finish" = e.detail.during;
  void during;
});
const tagged: IntimacyCheckin = document.createElement("intimacy-checkin");
void tagged;
// @ts-expect-error the store must save strings
el.store = { load: () => null, save: (state: number) => void state };
// @ts-expect-error locale comes from the attribute
el.options = { locale: "en" };
void el.start();
// A language the library does not ship: its messages and the instrument's words.
el.messages = [{ locale: "qaa", status: "draft", messages: { "checkin.next": "Weiter" } }];
el.translations = { instrument: "levels-checkin", version: "2", locale: "qaa", status: "draft", words: { title: "Check-in" } };
// @ts-expect-error a messages file has a status
el.messages = { locale: "qaa", messages: {} };
