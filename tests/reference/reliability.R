# Reference values for intimacy-core's reliability analysis, from psych.
#
# Generates a handful of item blocks with a fixed seed, runs psych::alpha and
# psych::scoreItems on them and writes data and results to reliability.json
# beside this script. The Rust test intimacy-core/tests/reliability.rs reads
# that file and checks every number to 1e-8.
#
#   Rscript tests/reference/reliability.R
#
# Needs R with the psych and jsonlite packages (Debian: r-cran-psych,
# r-cran-jsonlite).

suppressPackageStartupMessages({
  library(psych)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_dir <- if (length(script) == 1) dirname(normalizePath(script)) else "tests/reference"
out_file <- file.path(out_dir, "reliability.json")

set.seed(20240611)

# One-factor model cut into categories lo..hi. `signs` of -1 make reversed
# items; `miss` is the share of cells made missing completely at random.
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

# Every reversed item shows both declared extremes, so psych's reversal by
# the observed minimum and maximum equals reversal by the declared bounds.
check_extremes <- function(x, reverse, lo, hi) {
  for (j in reverse) {
    v <- x[, j]
    stopifnot(any(v == lo, na.rm = TRUE), any(v == hi, na.rm = TRUE))
  }
}

# Smallest number of rows behind any covariance of the analysed items.
n_pairwise_min <- function(x) {
  m <- !is.na(x)
  p <- crossprod(m)
  min(p[lower.tri(p)])
}

matrix_rows <- function(m) {
  lapply(seq_len(nrow(m)), function(i) unname(as.numeric(m[i, ])))
}

reference <- function(name, x, reverse, lo, hi, deletion, note) {
  k <- ncol(x)
  keys <- rep(1, k)
  keys[reverse] <- -1

  # Listwise: psych on the complete rows only (its use = "complete" would
  # still take means, sds and totals from every row).
  used <- if (deletion == "listwise") x[complete.cases(x), , drop = FALSE] else x
  sds <- apply(used, 2, sd, na.rm = TRUE)
  bad <- which(sds <= 0 | is.na(sds))
  keep <- setdiff(seq_len(k), bad)
  keys_kept <- keys[keep]

  a <- suppressWarnings(alpha(as.data.frame(used), keys = keys_kept))
  s <- suppressWarnings(scoreItems(keys, as.data.frame(used), impute = "none",
                                   min = lo, max = hi))

  nsub <- nrow(used)
  nvar <- length(keep)
  nmin <- n_pairwise_min(used[, keep, drop = FALSE])
  raw <- a$total$raw_alpha
  ase <- a$total$ase
  q <- ase^2 * nsub
  ase_ours <- sqrt(q / nmin)
  feldt_ours <- alpha.ci(raw, nmin, nvar)
  drop <- a$alpha.drop
  drop_ase_ours <- if ("alpha se" %in% names(drop)) drop[["alpha se"]] * sqrt(nsub / nmin) else NULL

  # Frequencies describe every row, also under listwise deletion.
  freq <- if (deletion == "listwise") {
    response.frequencies(as.data.frame(x[, keep, drop = FALSE]))
  } else {
    a$response.freq
  }
  freq_list <- lapply(seq_len(nrow(freq)), function(i) {
    cats <- setdiff(colnames(freq), "miss")
    list(
      name = rownames(freq)[i],
      values = I(as.numeric(cats)),
      shares = I(unname(as.numeric(freq[i, cats]))),
      missing = unname(freq[i, "miss"])
    )
  })

  st <- a$item.stats
  list(
    name = name,
    note = note,
    rows = nrow(x),
    cols = k,
    item_names = colnames(x),
    reverse = I(reverse - 1),
    bounds = c(lo, hi),
    deletion = deletion,
    data = matrix_rows(x),
    psych = list(
      nsub = nsub,
      nvar = nvar,
      items_kept = colnames(x)[keep],
      zero_variance = I(colnames(x)[bad]),
      raw_alpha = raw,
      std_alpha = a$total$std.alpha,
      g6 = a$total[["G6(smc)"]],
      average_r = a$total$average_r,
      signal_noise = a$total[["S/N"]],
      ase = ase,
      mean = a$total$mean,
      sd = a$total$sd,
      median_r = a$total$median_r,
      var_r = a$var.r,
      feldt = c(a$feldt$lower.ci[[1]], a$feldt$upper.ci[[1]]),
      duhachek = c(raw - 1.96 * ase, raw + 1.96 * ase),
      alpha_drop = list(
        name = colnames(x)[keep],
        alpha = drop$raw_alpha,
        std_alpha = drop$std.alpha,
        g6 = drop[["G6(smc)"]],
        average_r = drop$average_r,
        signal_noise = drop[["S/N"]],
        ase = drop[["alpha se"]],
        var_r = drop$var.r,
        median_r = drop$med.r
      ),
      item_stats = list(
        name = colnames(x)[keep],
        n = st$n,
        raw_r = st$raw.r,
        std_r = st$std.r,
        r_cor = st$r.cor,
        r_drop = st$r.drop,
        mean = st$mean,
        sd = st$sd
      ),
      response_freq = freq_list
    ),
    # psych's formulas with N = the smallest pairwise count (our choice under
    # pairwise deletion; equal to psych's N under listwise deletion).
    ours = list(
      n_pairwise_min = nmin,
      ase = ase_ours,
      feldt = c(feldt_ours$lower.ci[[1]], feldt_ours$upper.ci[[1]]),
      duhachek = c(raw - 1.96 * ase_ours, raw + 1.96 * ase_ours),
      drop_ase = drop_ase_ours
    ),
    score_items = list(
      alpha = unname(as.numeric(s$alpha)),
      g6 = unname(as.numeric(s$G6)),
      av_r = unname(as.numeric(s$av.r)),
      item_cor = unname(as.numeric(s$item.cor)),
      item_corrected = unname(as.numeric(s$item.corrected))
    )
  )
}

cases <- list()

# 1. 500 x 8, Likert 1-5, ~5 % missing, items 3 and 6 reversed, pairwise.
x1 <- one_factor(500, c(.7, .6, .65, .55, .7, .6, .5, .65),
                 c(1, 1, -1, 1, 1, -1, 1, 1), 1, 5, 0.05)
check_extremes(x1, c(3, 6), 1, 5)
cases[[1]] <- reference("likert5-500x8-pairwise", x1, c(3, 6), 1, 5, "pairwise",
                        "one factor, 5 % missing, two reversed items")

# 2. 200 x 5, Likert 1-5, ~5 % missing, items 2 and 5 reversed, pairwise.
x2 <- one_factor(200, c(.6, .5, .7, .45, .6), c(1, -1, 1, 1, -1), 1, 5, 0.05)
check_extremes(x2, c(2, 5), 1, 5)
cases[[2]] <- reference("likert5-200x5-pairwise", x2, c(2, 5), 1, 5, "pairwise",
                        "one factor, 5 % missing, two reversed items")

# 3. 300 x 6, 0-4, complete, item 4 reversed, item 6 constant.
x3 <- one_factor(300, c(.7, .6, .5, .6, .55, .5), c(1, 1, 1, -1, 1, 1), 0, 4, 0)
x3[, 6] <- 2
check_extremes(x3, 4, 0, 4)
cases[[3]] <- reference("zero4-300x6-constant", x3, 4, 0, 4, "pairwise",
                        "complete 0-4 data; q6 has zero variance (psych drops it but counts it in the total)")

# 4. 250 x 6, Likert 1-5, ~4 % missing, items 1 and 4 reversed, listwise.
x4 <- one_factor(250, c(.6, .65, .5, .7, .55, .6), c(-1, 1, 1, -1, 1, 1), 1, 5, 0.04)
check_extremes(x4[complete.cases(x4), ], c(1, 4), 1, 5)
cases[[4]] <- reference("likert5-250x6-listwise", x4, c(1, 4), 1, 5, "listwise",
                        "listwise deletion: psych run on the complete rows")

# 5. 120 x 3, Likert 1-5, complete, item 2 reversed: dropping leaves two items.
x5 <- one_factor(120, c(.7, .6, .65), c(1, -1, 1), 1, 5, 0)
check_extremes(x5, 2, 1, 5)
cases[[5]] <- reference("likert5-120x3-complete", x5, 2, 1, 5, "pairwise",
                        "three items: alpha-if-dropped on two items (var.r undefined)")

# 6. Declared 1-5 but nobody answered 5: psych reverses by the observed
#    1 + 4, we by the declared 1 + 5. Only reversed item means, the total's
#    mean and raw.r (under missing data) can differ.
x6 <- one_factor(150, c(.7, .6, .6, .5), c(1, 1, -1, 1), 1, 5, 0.05)
x6[!is.na(x6) & x6 == 5] <- 4
stopifnot(max(x6, na.rm = TRUE) == 4, min(x6, na.rm = TRUE) == 1)
cases[[6]] <- reference("declared-bounds-differ", x6, 3, 1, 5, "pairwise",
                        "declared 1-5, observed 1-4: reversal differs from psych's")

out <- list(
  generator = "tests/reference/reliability.R",
  r_version = R.version.string,
  psych_version = as.character(packageVersion("psych")),
  seed = 20240611,
  cases = cases
)
writeLines(toJSON(out, digits = NA, na = "null", auto_unbox = TRUE, pretty = FALSE),
           out_file)
cat("wrote", out_file, "\n")
