# Reference values for intimacy-core's omega_hierarchical (Schmid-Leiman
# omega_h), from psych.
#
# Generates item blocks with a general factor and group factors with a fixed
# seed, runs psych::omega with its defaults (nfactors = 3, fm = "minres",
# rotate = "oblimin") and writes data and results to omega_h.json beside this
# script. The Rust tests in intimacy-core/src/psychometrics/omega.rs read it.
#
#   Rscript tests/reference/omega_h.R
#
# Needs R with psych, GPArotation and jsonlite.
#
# psych stops two iterations early: the minres uniquenesses come from optim's
# L-BFGS-B at its default tolerance, and GPArotation::oblimin stops when the
# projected gradient falls below 1e-5. Besides psych's own numbers the file
# therefore holds `exact`: the same steps solved to machine precision here
# (principal-axis iteration to its fixed point started at psych's solution,
# then oblimin with eps = 1e-8, below which its
# line search stalls in rounding, then the closed-form one-factor solution of
# the 3 x 3 factor correlations), combined with psych's formulas.

suppressPackageStartupMessages({
  library(psych)
  library(GPArotation)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_dir <- if (length(script) == 1) dirname(normalizePath(script)) else "tests/reference"
out_file <- file.path(out_dir, "omega_h.json")

set.seed(20240613)

# Bifactor model: item j loads g[j] on the general factor and s[j] on its
# group factor grp[j]; the result is cut into categories lo..hi.
bifactor <- function(n, g, s, grp, lo, hi) {
  k <- length(g)
  gen <- rnorm(n)
  groups <- matrix(rnorm(n * max(grp)), n)
  cuts <- qnorm(seq_len(hi - lo) / (hi - lo + 1))
  x <- sapply(seq_len(k), function(j) {
    z <- g[j] * gen + s[j] * groups[, grp[j]] + sqrt(1 - g[j]^2 - s[j]^2) * rnorm(n)
    lo + findInterval(z, cuts)
  })
  colnames(x) <- paste0("q", seq_len(k))
  x
}

matrix_rows <- function(m) {
  lapply(seq_len(nrow(m)), function(i) unname(as.numeric(m[i, ])))
}

# The minres solution with nf factors to machine precision: principal-axis
# iteration psi <- 1 - h2(psi) from psych's uniquenesses to its fixed point.
exact_minres <- function(r, nf, psi) {
  for (it in 1:1000000) {
    e <- eigen(r - diag(psi), symmetric = TRUE)
    l <- e$vectors[, 1:nf] %*% diag(sqrt(pmax(e$values[1:nf], 0)))
    new <- 1 - rowSums(l^2)
    moved <- max(abs(new - psi))
    psi <- new
    if (moved < 1e-15) break
  }
  stopifnot(moved < 1e-13, all(psi > 0.005))
  l
}

reference <- function(name, x, note, nf = 3) {
  r <- cor(x, use = "pairwise")
  om <- suppressWarnings(suppressMessages(omega(x, nfactors = nf, plot = FALSE)))
  sl <- om$schmid$sl
  f <- suppressWarnings(suppressMessages(fa(r, nf, fm = "minres", rotate = "none")))

  # Exact: minres, varimax (psych's start), oblimin to 1e-14.
  l <- exact_minres(r, nf, as.numeric(f$uniquenesses))
  v <- varimax(l)$loadings
  ob <- oblimin(unclass(v), eps = 1e-8, maxit = 100000)
  stopifnot(ob$convergence)
  sg <- sign(colSums(ob$loadings))
  p <- unclass(ob$loadings) %*% diag(sg)
  phi <- diag(sg) %*% ob$Phi %*% diag(sg)
  stopifnot(all(phi[upper.tri(phi)] > 0))
  gl <- if (nf == 2) {
    rep(sqrt(phi[1, 2]), 2)
  } else {
    c(sqrt(phi[1, 2] * phi[1, 3] / phi[2, 3]),
      sqrt(phi[1, 2] * phi[2, 3] / phi[1, 3]),
      sqrt(phi[1, 3] * phi[2, 3] / phi[1, 2]))
  }
  g <- as.numeric(p %*% gl)
  grp <- p %*% diag(sqrt(pmax(1 - gl^2, 0)))
  h2 <- rowSums(l^2)
  key <- sign(g); key[key == 0] <- 1
  m <- diag(key) %*% r %*% diag(key)
  vt <- sum(m)
  list(
    name = name,
    note = note,
    deletion = "pairwise",
    rows = nrow(x),
    cols = ncol(x),
    item_names = colnames(x),
    data = matrix_rows(x),
    nfactors = nf,
    psych = list(
      omega_h = om$omega_h,
      omega_total = om$omega.tot,
      n_obs = nrow(x),
      flipped = I(colnames(x)[om$key < 0]),
      g = as.numeric(sl[, 1]),
      group = matrix_rows(unname(sl[, 2:(nf + 1)])),
      h2 = as.numeric(sl[, "h2"]),
      u2 = as.numeric(sl[, "u2"]),
      factor_g = as.numeric(om$schmid$gloading),
      phi = matrix_rows(unname(om$schmid$phi)),
      oblique = matrix_rows(unname(om$schmid$oblique))
    ),
    exact = list(
      omega_h = sum(key * g)^2 / vt,
      omega_total = (vt - sum(1 - h2)) / vt,
      g = g * key,
      group = matrix_rows(diag(key) %*% grp),
      h2 = h2,
      factor_g = gl,
      phi = matrix_rows(phi),
      oblique = matrix_rows(p)
    )
  )
}

cases <- list()

# 1. 600 x 9, Likert 1-7, complete: general factor and three groups of three.
g1 <- c(.6, .55, .5, .6, .5, .55, .5, .6, .55)
s1 <- c(.5, .45, .5, .45, .55, .5, .5, .45, .5)
x1 <- bifactor(600, g1, s1, rep(1:3, each = 3), 1, 7)
cases[[1]] <- reference("bifactor-600x9", x1, "complete data, general factor and three groups of three items")

# 2. 500 x 12, Likert 1-5, complete: three groups of four, unequal strength.
g2 <- c(.7, .65, .6, .55, .5, .45, .5, .55, .4, .45, .5, .35)
s2 <- c(.3, .35, .4, .3, .5, .55, .45, .5, .6, .55, .5, .6)
x2 <- bifactor(500, g2, s2, rep(1:3, each = 4), 1, 5)
cases[[2]] <- reference("bifactor-500x12", x2, "complete data, three groups of four items, unequal strength")

# 3. Case 1's design, 600 x 9, with ~5 % of cells missing (pairwise
#    correlations, as psych's omega uses) and q8 keyed the wrong way, so
#    that psych (and we) flip it.
x3 <- bifactor(600, g1, s1, rep(1:3, each = 3), 1, 7)
x3[, 8] <- 8 - x3[, 8]
x3[matrix(runif(length(x3)) < 0.05, nrow(x3))] <- NA
cases[[3]] <- reference("bifactor-600x9-missing-miskeyed", x3,
                        "5 % missing, pairwise; q8 miskeyed and flipped")

# 4. 400 x 8, Likert 1-5, complete: two groups of four, nfactors = 2
#    (psych sets both general loadings to sqrt(phi12)).
g4 <- c(.6, .55, .5, .6, .5, .55, .6, .5)
s4 <- c(.5, .45, .5, .45, .5, .5, .45, .5)
x4 <- bifactor(400, g4, s4, rep(1:2, each = 4), 1, 5)
cases[[4]] <- reference("bifactor-400x8-two-factors", x4,
                        "two group factors", nf = 2)

out <- list(
  generator = "tests/reference/omega_h.R",
  r_version = R.version.string,
  psych_version = as.character(packageVersion("psych")),
  gparotation_version = as.character(packageVersion("GPArotation")),
  seed = 20240613,
  cases = cases
)
writeLines(toJSON(out, digits = NA, na = "null", auto_unbox = TRUE, pretty = FALSE),
           out_file)
cat("wrote", out_file, "\n")
