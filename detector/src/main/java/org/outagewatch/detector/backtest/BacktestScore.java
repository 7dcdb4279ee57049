package org.outagewatch.detector.backtest;

/**
 * The scores of a backtest against labels ({@link BacktestScorer} says how alerts and labels are matched).
 * Ratios that have nothing to count (precision without alerts, recall without labels) are NaN, as are the
 * time-to-detect percentiles without a detected label.
 *
 * @param labels labelled outages
 * @param detected labelled outages matched by at least one alert
 * @param alerts alerts raised
 * @param trueAlerts alerts that match a labelled outage
 * @param falseAlerts alerts that match none
 * @param precision trueAlerts / alerts
 * @param recall detected / labels
 * @param f1 harmonic mean of precision and recall
 * @param entityWeeks entities x weeks of input
 * @param falseAlertsPerEntityWeek falseAlerts / entityWeeks
 * @param ttdP50Minutes median time to detect, in minutes (label start to the end of the window that opened the alert)
 * @param ttdP95Minutes its 95th percentile (nearest rank)
 */
public record BacktestScore(int labels, int detected, int alerts, int trueAlerts, int falseAlerts, double precision,
                            double recall, double f1, double entityWeeks, double falseAlertsPerEntityWeek,
                            double ttdP50Minutes, double ttdP95Minutes) {
}
