//! `intimacy`, the command line of the intimacy library: check instrument
//! files, score survey exports of any size in a stream, and compute the
//! reliability of an instrument's scales.
//!
//! Every rule (reading an export, checking an answer, scoring, naming the
//! output columns) is the core's; this crate reads files, parses arguments
//! and says what went wrong the way a compiler does.

mod cli;
mod diagnostics;
mod info;
mod load;
mod read;
mod reliability;
mod score;
mod summary;
mod translations;
mod validate;
mod write;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Score(args) => score::run(args),
        Command::Reliability(args) => reliability::run(args),
        Command::Schema => info::schema(),
        Command::Frameworks(args) => info::frameworks(args),
        Command::ToSurveyjs(args) => info::to_surveyjs(args),
        Command::RedcapDictionary(args) => info::redcap_dictionary(args),
        Command::Translations(args) => translations::run(args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!("{}", failure.message);
            }
            ExitCode::from(failure.exit)
        }
    }
}
