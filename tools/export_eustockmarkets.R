#!/usr/bin/env Rscript
# Writes data/eustockmarkets.csv from R's datasets package (Debian: apt-get install r-base-core).
# EuStockMarkets: daily closing prices of DAX, SMI, CAC and FTSE, 1991-1998, business days only.
x <- EuStockMarkets
d <- data.frame(time = as.numeric(time(x)), x)
write.csv(d, "data/eustockmarkets.csv", row.names = FALSE)
