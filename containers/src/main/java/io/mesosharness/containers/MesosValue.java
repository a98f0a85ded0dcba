package io.mesosharness.containers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A Mesos value as used in agent {@code --attributes} and {@code --resources}: text, scalar, ranges or set.
 *
 * <p>{@link #parse(String)} follows the agent's parser: every space is removed, a value starting with {@code [}
 * is RANGES, one starting with <code>{</code> is a SET, a number is a SCALAR, anything else is TEXT.
 */
public sealed interface MesosValue permits MesosValue.Text, MesosValue.Scalar, MesosValue.Ranges, MesosValue.Set {

    /**
     * The value in Mesos flag syntax, also the form Marathon compares in constraints: {@code a}, scalars with at most
     * 3 decimals and no trailing zeros ({@code 0.80} becomes {@code 0.8}), {@code [31000-31099]}, <code>{a,b}</code>.
     */
    String render();

    /** Parses one value in Mesos syntax; the message of a failure names the text. */
    static MesosValue parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("Bad Mesos value: null");
        }
        String s = text.replace(" ", "");
        if (s.isEmpty()) {
            throw new IllegalArgumentException("Bad Mesos value '" + text + "': empty");
        }
        if (s.charAt(0) == '[') {
            return Ranges.parse(s);
        }
        if (s.charAt(0) == '{') {
            return Set.parse(s);
        }
        if (MesosValueMap.NUMBER.matcher(s).matches()) {
            return new Scalar(Double.parseDouble(s));
        }
        return new Text(s);
    }

    /** A text value; characters limited to {@code [a-zA-Z0-9_/.-]}. */
    record Text(String value) implements MesosValue {
        public Text {
            if (value == null || !MesosValueMap.TEXT.matcher(value).matches()) {
                throw new IllegalArgumentException("Bad Mesos text value '" + value
                        + "': only letters, digits and _ / . - are allowed, and it must not be empty");
            }
        }

        @Override
        public String render() {
            return value;
        }
    }

    /** A scalar; Mesos keeps three decimals. */
    record Scalar(double value) implements MesosValue {
        public Scalar {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("Bad Mesos scalar " + value + ": must be a finite number");
            }
        }

        @Override
        public String render() {
            return format(value);
        }

        static String format(double v) {
            BigDecimal d =
                    BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
            if (d.signum() == 0) {
                return "0";
            }
            return d.toPlainString();
        }
    }

    /** One range {@code begin-end}, both inclusive. */
    record Range(long begin, long end) {
        public Range {
            if (begin < 0 || end < begin) {
                throw new IllegalArgumentException(
                        "Bad Mesos range " + begin + "-" + end + ": begin must be >= 0 and <= end");
            }
        }

        @Override
        public String toString() {
            return begin + "-" + end;
        }
    }

    /** A list of ranges, {@code [31000-31099,32000-32099]}. */
    record Ranges(List<Range> ranges) implements MesosValue {
        public Ranges {
            if (ranges == null || ranges.isEmpty()) {
                throw new IllegalArgumentException("Bad Mesos ranges: at least one range is needed");
            }
            ranges = List.copyOf(ranges);
        }

        public static Ranges of(long begin, long end) {
            return new Ranges(List.of(new Range(begin, end)));
        }

        static Ranges parse(String text) {
            String s = text.replace(" ", "");
            if (!s.startsWith("[") || !s.endsWith("]") || s.length() < 3) {
                throw new IllegalArgumentException("Bad Mesos ranges '" + text + "': expected [begin-end,...]");
            }
            List<Range> out = new ArrayList<>();
            for (String part : s.substring(1, s.length() - 1).split(",", -1)) {
                String[] be = part.split("-", -1);
                if (be.length != 2) {
                    throw new IllegalArgumentException(
                            "Bad Mesos ranges '" + text + "': '" + part + "' is not begin-end");
                }
                try {
                    out.add(new Range(Long.parseLong(be[0]), Long.parseLong(be[1])));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "Bad Mesos ranges '" + text + "': '" + part + "' is not two whole numbers begin-end", e);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Bad Mesos ranges '" + text + "': " + e.getMessage(), e);
                }
            }
            return new Ranges(out);
        }

        /** Sorted, with overlapping and adjacent ranges merged, as Mesos keeps them. */
        public Ranges normalized() {
            List<Range> sorted = new ArrayList<>(ranges);
            sorted.sort((a, b) -> Long.compare(a.begin(), b.begin()));
            List<Range> out = new ArrayList<>();
            for (Range r : sorted) {
                if (!out.isEmpty() && r.begin() <= out.get(out.size() - 1).end() + 1) {
                    Range last = out.remove(out.size() - 1);
                    out.add(new Range(last.begin(), Math.max(last.end(), r.end())));
                } else {
                    out.add(r);
                }
            }
            return new Ranges(out);
        }

        @Override
        public String render() {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < ranges.size(); i++) {
                b.append(i == 0 ? "" : ",").append(ranges.get(i));
            }
            return b.append(']').toString();
        }
    }

    /** A set of text items, <code>{a,b}</code>; allowed in resources, not in attributes. */
    record Set(List<String> items) implements MesosValue {
        public Set {
            if (items == null || items.isEmpty()) {
                throw new IllegalArgumentException("Bad Mesos set: at least one item is needed");
            }
            for (String item : items) {
                if (item == null || !MesosValueMap.TEXT.matcher(item).matches()) {
                    throw new IllegalArgumentException(
                            "Bad Mesos set item '" + item + "': only letters, digits and _ / . - are allowed");
                }
            }
            items = List.copyOf(items);
        }

        static Set parse(String text) {
            String s = text.replace(" ", "");
            if (!s.startsWith("{") || !s.endsWith("}") || s.length() < 3) {
                throw new IllegalArgumentException("Bad Mesos set '" + text + "': expected {a,b,...}");
            }
            try {
                return new Set(List.of(s.substring(1, s.length() - 1).split(",", -1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Bad Mesos set '" + text + "': " + e.getMessage(), e);
            }
        }

        @Override
        public String render() {
            return "{" + String.join(",", items) + "}";
        }
    }
}
