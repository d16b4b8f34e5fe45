package dev.portcullis.ui.history;

import dev.portcullis.history.HourlyAddresses;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.chart.XYChart;

/** The chart's data: one point per hour, x the hour's start in epoch milliseconds, y the distinct addresses. */
public final class HistoryChart {

    private HistoryChart() {
    }

    public static XYChart.Series<Number, Number> series(HourlyAddresses hourly, String name) {
        List<XYChart.Data<Number, Number>> points = new ArrayList<>(hourly.hours());
        long start = hourly.start().toEpochMilli();
        int[] counts = hourly.counts();
        for (int i = 0; i < counts.length; i++) {
            points.add(new XYChart.Data<>(start + i * 3_600_000L, counts[i]));
        }
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(name);
        series.getData().setAll(points);
        return series;
    }
}
