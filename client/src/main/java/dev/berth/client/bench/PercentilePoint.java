package dev.berth.client.bench;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * One point of a latency-by-percentile curve, as HdrHistogram's plotter draws it.
 *
 * @param percentile 0 to 100
 * @param nanos the latency at or below which that share of the replies came
 */
public record PercentilePoint(double percentile, long nanos) {

  /** Points ever closer towards 100% (five between each halving of the distance), then the maximum. */
  static List<PercentilePoint> curve(Histogram histogram) {
    List<PercentilePoint> points = new ArrayList<>();
    if (histogram.getTotalCount() == 0) {
      return points;
    }
    for (HistogramIterationValue value : histogram.percentiles(5)) {
      double percentile = value.getPercentileLevelIteratedTo();
      points.add(new PercentilePoint(percentile, histogram.highestEquivalentValue(value.getValueIteratedTo())));
      if (percentile >= 100) {
        break;
      }
    }
    return points;
  }
}
