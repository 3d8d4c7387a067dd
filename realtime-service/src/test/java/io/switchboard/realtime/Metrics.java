package io.switchboard.realtime;

import java.util.regex.Pattern;

import io.restassured.RestAssured;

/** Reads one sample from the service's Prometheus endpoint, as a dashboard would. */
final class Metrics {

    private Metrics() {
    }

    /** The value of the sample whose name and labels start with {@code series}, or 0 when absent. */
    static double value(String series) {
        var text = RestAssured.get("/q/metrics").asString();
        var matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + "[^ ]* ([0-9.eE+-]+)$").matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
