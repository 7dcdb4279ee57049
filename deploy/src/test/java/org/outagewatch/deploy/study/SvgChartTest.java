package org.outagewatch.deploy.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartTest {
    private static final Instant T0 = Instant.parse("2016-06-07T00:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);

    /** A day of 5-minute windows: 4 observed, 4 expected, and 1 from 08:30 to 09:00; no expectation before 02:00. */
    private static List<SvgChart.Point> day() {
        final List<SvgChart.Point> points = new ArrayList<>();
        for (int i = 0; i < 288; i++) {
            final Instant start = T0.plus(WINDOW.multipliedBy(i));
            final boolean down = !start.isBefore(T0.plusSeconds(8 * 3600 + 1800)) && start.isBefore(T0.plusSeconds(9 * 3600));
            points.add(new SvgChart.Point(start, start.plus(WINDOW), down ? 1 : 4, i < 24 ? Double.NaN : 4));
        }
        return points;
    }

    private static Document parse(final String svg) throws Exception {
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> byClass(final Document doc, final String tag, final String cls) {
        final NodeList nodes = doc.getElementsByTagName(tag);
        final List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            final Element element = (Element) nodes.item(i);
            if (cls.equals(element.getAttribute("class"))) {
                out.add(element);
            }
        }
        return out;
    }

    private static double[][] coordinates(final Element polyline) {
        return Arrays.stream(polyline.getAttribute("points").split(" "))
                .map(pair -> Arrays.stream(pair.split(",")).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
    }

    @Test
    void shouldDrawTheObservedPointsTheExpectedLineAndTheShadedAlertSpanAsValidSvg() throws Exception {
        final SvgChart.Span alert = new SvgChart.Span(T0.plusSeconds(8 * 3600 + 1800), T0.plusSeconds(9 * 3600));
        final String svg = SvgChart.render("NETWORK_OUTAGE <KE> & co", T0, T0.plus(Duration.ofDays(1)), 0.6,
                List.of(new SvgChart.Panel("AS15399 atlas.connected-probes", day(), List.of(alert))));
        final Document doc = parse(svg);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(doc.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("NETWORK_OUTAGE <KE> & co");

        // every window's observed value, at the middle of its window; x runs from LEFT to WIDTH - RIGHT over the day
        final double[][] observed = coordinates(byClass(doc, "polyline", "observed").get(0));
        assertThat(observed).hasNumberOfRows(288);
        final double plotWidth = SvgChart.WIDTH - SvgChart.RIGHT - SvgChart.LEFT;
        assertThat(observed[0][0]).isCloseTo(SvgChart.LEFT + plotWidth * 150.0 / 86_400, within());
        // y: 0 at the bottom of the panel, the axis top (5: the nice ceiling of 4) at its top
        final double bottom = SvgChart.TOP + SvgChart.PANEL_HEIGHT;
        assertThat(observed[0][1]).isCloseTo(bottom - SvgChart.PANEL_HEIGHT * 4 / 5.0, within());
        assertThat(observed[102][1]).as("08:30, down to 1").isCloseTo(bottom - SvgChart.PANEL_HEIGHT / 5.0, within());

        // the expected line starts where the baseline expects something (window 24, 02:00)
        final double[][] expected = coordinates(byClass(doc, "polyline", "expected").get(0));
        assertThat(expected).hasNumberOfRows(288 - 24);
        assertThat(expected[0][0]).isCloseTo(SvgChart.LEFT + plotWidth * (24 * 300 + 150) / 86_400.0, within());
        assertThat(byClass(doc, "polygon", "band")).hasSize(1);

        // the alert span shaded: 08:30 to 09:00 of the day, the panel's full height
        final Element shade = byClass(doc, "rect", "alert").get(0);
        assertThat(Double.parseDouble(shade.getAttribute("x"))).isCloseTo(SvgChart.LEFT + plotWidth * 8.5 / 24, within());
        assertThat(Double.parseDouble(shade.getAttribute("width"))).isCloseTo(plotWidth * 0.5 / 24, within());
        assertThat(shade.getAttribute("height")).isEqualTo(String.valueOf(SvgChart.PANEL_HEIGHT));

        // the time axis: labelled ticks every 3 hours of the day
        assertThat(byClass(doc, "text", "tick")).extracting(Element::getTextContent)
                .containsExactly("Jun 07 00:00", "Jun 07 03:00", "Jun 07 06:00", "Jun 07 09:00", "Jun 07 12:00",
                        "Jun 07 15:00", "Jun 07 18:00", "Jun 07 21:00");
    }

    @Test
    void shouldStackOnePanelPerSeriesAndLabelOnlyTheLastAxis() throws Exception {
        final SvgChart.Panel panel = new SvgChart.Panel("a", day(), List.of());
        final Document doc = parse(SvgChart.render("two", T0, T0.plus(Duration.ofDays(1)), 0.6, List.of(panel, panel)));
        assertThat(byClass(doc, "g", "panel")).hasSize(2);
        assertThat(byClass(doc, "polyline", "observed")).hasSize(2);
        assertThat(byClass(doc, "text", "tick")).hasSize(8);
        assertThat(doc.getDocumentElement().getAttribute("height")).isEqualTo(String.valueOf(
                SvgChart.TOP + 2 * SvgChart.PANEL_HEIGHT + SvgChart.PANEL_GAP + SvgChart.AXIS_HEIGHT));
    }

    @Test
    void shouldThinALongSeriesKeepingItsLowestValues() {
        final List<SvgChart.Point> month = new ArrayList<>();
        for (int i = 0; i < 30 * 288; i++) {
            final Instant start = T0.plus(WINDOW.multipliedBy(i));
            month.add(new SvgChart.Point(start, start.plus(WINDOW), i == 5000 ? 0 : 10, 10));
        }
        final List<SvgChart.Point> thinned = SvgChart.thin(month);
        assertThat(thinned).hasSizeLessThanOrEqualTo(SvgChart.MAX_POINTS);
        assertThat(thinned).extracting(SvgChart.Point::observed).containsOnlyOnce(0.0);
        assertThat(thinned.get(0).start()).isEqualTo(T0);
        assertThat(thinned.get(thinned.size() - 1).end()).isEqualTo(month.get(month.size() - 1).end());
    }

    @Test
    void shouldLabelDaysOnAWeekLongAxis() {
        assertThat(SvgChart.ticks(T0, T0.plus(Duration.ofDays(7)))).hasSize(7).first().isEqualTo(T0);
        assertThat(SvgChart.niceCeiling(0.93)).isEqualTo(1.0);
        assertThat(SvgChart.niceCeiling(17)).isEqualTo(20.0);
        assertThat(SvgChart.niceCeiling(0)).isEqualTo(1.0);
    }

    @Test
    void shouldRefuseAnEmptyTimeRange() {
        assertThatThrownBy(() -> SvgChart.render("x", T0, T0, 0.6, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.11);
    }
}
