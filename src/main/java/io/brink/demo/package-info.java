/**
 * {@code brink demo}'s parts: {@link io.brink.demo.DemoFeed} (the EuStockMarkets replay, synthetic series with
 * volatility regimes and with adversarially perturbed windows, and their outcomes) and
 * {@link io.brink.demo.LiveTable} (the terminal view of scores and alerts).
 */
package io.brink.demo;
