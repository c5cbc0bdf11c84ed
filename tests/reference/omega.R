# Reference values for intimacy-core's omega (one-factor minres), from psych.
#
# Generates a few item blocks with a fixed seed, runs psych::omega with
# nfactors = 1 (and psych::fa, fm = "minres") on them and writes data and
# results to omega.json beside this script. The Rust test
# intimacy-core/tests/omega.rs reads that file.
#
#   Rscript tests/reference/omega.R
#
# Needs R with the psych, GPArotation and jsonlite packages (Debian:
# r-cran-psych, r-cran-gparotation, r-cran-jsonlite).
#
# psych finds the minres solution with optim's L-BFGS-B at its default
# tolerance (it stops once a step lowers the sum of squared residuals by
# less than about 2e-9), so its loadings are those of the exact minimum only
# to about 1e-5. Besides psych's own numbers the file therefore holds
# `exact`: the same minimum solved to machine precision here (coordinate
# descent on the loadings, started at psych's solution, independent of the
# Newton iteration the Rust code uses), and omega total / omega_h computed
# from it with psych's formulas. The Rust test checks `exact` to 1e-8 and
# psych's own values to the looser tolerance its optimiser allows.

suppressPackageStartupMessages({
  library(psych)
  library(GPArotation)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_dir <- if (length(script) == 1) dirname(normalizePath(script)) else "tests/reference"
out_file <- file.path(out_dir, "omega.json")

set.seed(20240612)

# One-factor model cut into categories lo..hi. `signs` of -1 make items that
# load negatively; `miss` is the share of cells made missing at random.
one_factor <- function(n, loadings, signs, lo, hi, miss) {
  k <- length(loadings)
  f <- rnorm(n)
  cuts <- qnorm(seq_len(hi - lo) / (hi - lo + 1))
  x <- sapply(seq_len(k), function(j) {
    z <- signs[j] * loadings[j] * f + sqrt(1 - loadings[j]^2) * rnorm(n)
    lo + findInterval(z, cuts)
  })
  if (miss > 0) {
    x[matrix(runif(n * k) < miss, n, k)] <- NA
  }
  colnames(x) <- paste0("q", seq_len(k))
  x
}

matrix_rows <- function(m) {
  lapply(seq_len(nrow(m)), function(i) unname(as.numeric(m[i, ])))
}

# The one-factor minres minimum of the correlation matrix r, to machine
# precision: each loading in turn set to the value that minimises the sum of
# squared off-diagonal residuals with the others held, until nothing moves.
exact_minres <- function(r, start) {
  l <- as.numeric(start)
  k <- length(l)
  for (sweep in 1:200000) {
    moved <- 0
    for (i in 1:k) {
      o <- setdiff(1:k, i)
      new <- sum(r[i, o] * l[o]) / sum(l[o]^2)
      moved <- max(moved, abs(new - l[i]))
      l[i] <- new
    }
    if (moved < 1e-15) break
  }
  stopifnot(moved < 1e-13, all(l^2 < 0.995))
  if (sum(l) < 0) l <- -l
  l
}

reference <- function(name, x, reverse, lo, hi, deletion, note) {
  # Reverse as the Rust code does (lo + hi - x), so psych's default flipping
  # acts only on items that still load negatively.
  keyed <- x
  for (j in reverse) keyed[, j] <- lo + hi - keyed[, j]
  used <- if (deletion == "listwise") keyed[complete.cases(keyed), , drop = FALSE] else keyed
  r <- cor(used, use = "pairwise")

  om <- suppressWarnings(suppressMessages(
    omega(used, nfactors = 1, fm = "minres", plot = FALSE)))
  f <- suppressWarnings(suppressMessages(fa(r, nfactors = 1, fm = "minres")))
  psych_l <- as.numeric(f$loadings[, 1])

  l <- exact_minres(r, psych_l)
  s <- sign(l)
  s[s == 0] <- 1
  vt <- sum(diag(s) %*% r %*% diag(s))
  u2 <- 1 - l^2
  list(
    name = name,
    note = note,
    rows = nrow(x),
    cols = ncol(x),
    item_names = colnames(x),
    reverse = I(reverse - 1),
    bounds = c(lo, hi),
    deletion = deletion,
    data = matrix_rows(x),
    psych = list(
      n_obs = nrow(used),
      omega_total = om$omega.tot,
      omega_h = om$omega_h,
      loadings = as.numeric(om$schmid$sl[, 1]),
      flipped = I(colnames(x)[om$key < 0]),
      fa_loadings = psych_l,
      fa_uniquenesses = as.numeric(f$uniquenesses)
    ),
    exact = list(
      loadings = l,
      uniquenesses = u2,
      omega_total = (vt - sum(u2)) / vt,
      omega_h = sum(abs(l))^2 / vt,
      max_psych_loading_error = max(abs(l - psych_l))
    )
  )
}

cases <- list()

# 1. 500 x 6, Likert 1-5, ~5 % missing, items 2 and 5 reversed, pairwise.
x1 <- one_factor(500, c(.7, .6, .65, .55, .7, .5), c(1, -1, 1, 1, -1, 1), 1, 5, 0.05)
cases[[1]] <- reference("likert5-500x6-pairwise", x1, c(2, 5), 1, 5, "pairwise",
                        "one factor, 5 % missing, two reversed items")

# 2. 300 x 8, 0-4, complete; item 7 loads negatively and is not declared
#    reversed, so psych (and we) flip it when forming omega total.
x2 <- one_factor(300, c(.75, .6, .5, .65, .55, .6, .5, .7), c(1, 1, 1, 1, 1, 1, -1, 1), 0, 4, 0)
cases[[2]] <- reference("zero4-300x8-miskeyed", x2, integer(0), 0, 4, "pairwise",
                        "complete data; q7 miskeyed (negative loading) and flipped")

# 3. 250 x 5, Likert 1-7, ~4 % missing, item 3 reversed, listwise.
x3 <- one_factor(250, c(.6, .7, .55, .65, .45), c(1, 1, -1, 1, 1), 1, 7, 0.04)
cases[[3]] <- reference("likert7-250x5-listwise", x3, 3, 1, 7, "listwise",
                        "listwise deletion: psych run on the complete rows")

out <- list(
  generator = "tests/reference/omega.R",
  r_version = R.version.string,
  psych_version = as.character(packageVersion("psych")),
  seed = 20240612,
  cases = cases
)
writeLines(toJSON(out, digits = NA, na = "null", auto_unbox = TRUE, pretty = FALSE),
           out_file)
cat("wrote", out_file, "\n")
