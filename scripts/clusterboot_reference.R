#!/usr/bin/Rscript
# Reference stability scores from R's fpc::clusterboot for test/core/stability.test.ts.
#
# Run from the project root (Debian: apt-get install r-cran-fpc):
#
#     Rscript scripts/clusterboot_reference.R
#
# It reads test/fixtures/mall-customers.csv and writes test/fixtures/clusterboot-reference.json.
# clusterboot(data, B = 1000, bootmethod = "boot", clustermethod = kmeansCBI, krange = k,
# runs = 4) with its defaults otherwise (multipleboot = FALSE: each resample is clustered on the
# distinct rows drawn; dissolution 0.5, recover 0.75), on Annual Income and Spending Score z-scored.
# R's k-means (Hartigan-Wong, 4 random starts) and generator are not Segment's, so the test compares
# means over 1000 resamples within a tolerance, each segment matched by its centroid.
#
# Cases: mall k = 5 and k = 6; noise: 300 rows uniform on the unit square (set.seed(7)), k = 5,
# written out in full so that the test segments the same rows.
library(fpc)

mall <- read.csv("test/fixtures/mall-customers.csv", check.names = FALSE)
income_score <- mall[, c("Annual Income (k$)", "Spending Score (1-100)")]
set.seed(7)
noise <- data.frame(x = runif(300), y = runif(300))

num <- function(x) paste(sprintf("%.17g", x), collapse = ", ")

case <- function(name, data, k) {
  scaled <- scale(data)
  set.seed(20240614)
  boot <- clusterboot(scaled, B = 1000, bootmethod = "boot", clustermethod = kmeansCBI,
                      krange = k, runs = 4, count = FALSE)
  partition <- boot$partition
  centroids <- sapply(seq_len(k), function(c) colMeans(data[partition == c, , drop = FALSE]))
  sizes <- sapply(seq_len(k), function(c) sum(partition == c))
  paste0(
    '    {"name": "', name, '", "k": ', k, ', "runs": 1000,\n',
    '     "sizes": [', num(sizes), '],\n',
    '     "centroids": [', paste0("[", apply(centroids, 2, num), "]", collapse = ", "), '],\n',
    '     "stability": [', num(boot$bootmean), '],\n',
    '     "dissolved": [', num(boot$bootbrd), '],\n',
    '     "recovered": [', num(boot$bootrecover), ']}'
  )
}

cases <- c(
  case("mall", income_score, 5),
  case("mall", income_score, 6),
  case("noise", noise, 5)
)
json <- paste0(
  '{\n  "meta": {"R": "', R.version.string, '", "fpc": "', packageVersion("fpc"), '"},\n',
  '  "noise": [', paste0("[", mapply(function(x, y) num(c(x, y)), noise$x, noise$y), "]", collapse = ", "), '],\n',
  '  "cases": [\n', paste(cases, collapse = ",\n"), '\n  ]\n}\n'
)
writeLines(json, "test/fixtures/clusterboot-reference.json", sep = "")
