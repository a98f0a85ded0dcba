package io.mesosharness.containers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A Mesos value of agent {@code --attributes} and {@code --resources}, parsed as the agent parses it: spaces
 * removed, {@code [..]} ranges, <code>{..}</code> a set, a number a scalar, anything else text.
 */
public sealed interface MesosValue permits MesosValue.Text, MesosValue.Scalar, MesosValue.Ranges, MesosValue.Set {

    /**
     * Mesos flag syntax, also what Marathon compares in constraints: {@code a}, scalars with at most 3 decimals and
     * no trailing zeros ({@code 0.80} is {@code 0.8}), {@code [31000-31099]}, <code>{a,b}</code>.
     */
    String render();

    /** Parses one value in Mesos syntax; the message of a failure names the text. */
    static MesosValue parse(String text) {
        String s = text == null ? "" : text.replace(" ", "");
        if (s.isEmpty()) {
            throw new IllegalArgumentException("Bad Mesos value '" + text + "': empty");
        }
        return s.startsWith("[")
                ? Ranges.parse(s)
                : s.startsWith("{")
                        ? Set.parse(s)
                        : MesosValueMap.NUMBER.matcher(s).matches() ? new Scalar(Double.parseDouble(s)) : new Text(s);
    }

    private static void checkText(String text, String what) {
        if (text == null || !MesosValueMap.TEXT.matcher(text).matches()) {
            throw new IllegalArgumentException("Bad Mesos " + what + " '" + text
                    + "': only letters, digits and _ / . - are allowed, and it must not be empty");
        }
    }

    /** A text value; characters limited to {@code [a-zA-Z0-9_/.-]}. */
    record Text(String value) implements MesosValue {
        public Text {
            checkText(value, "text value");
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
            BigDecimal d = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN);
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
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

        static Ranges parse(String s) {
            String bad = "Bad Mesos ranges '" + s + "': ";
            if (!s.endsWith("]") || s.length() < 3) {
                throw new IllegalArgumentException(bad + "expected [begin-end,...]");
            }
            List<Range> out = new ArrayList<>();
            for (String part : s.substring(1, s.length() - 1).split(",", -1)) {
                if (!part.matches("\\d{1,18}-\\d{1,18}")) {
                    throw new IllegalArgumentException(bad + "'" + part + "' is not two whole numbers begin-end");
                }
                String[] be = part.split("-");
                out.add(MesosValueMap.prefixed(bad, () -> new Range(Long.parseLong(be[0]), Long.parseLong(be[1]))));
            }
            return new Ranges(out);
        }

        /** Sorted, with overlapping and adjacent ranges merged, as Mesos keeps them. */
        public Ranges normalized() {
            List<Range> out = new ArrayList<>();
            for (Range r : ranges.stream()
                    .sorted(Comparator.comparingLong(Range::begin))
                    .toList()) {
                Range last = out.isEmpty() ? null : out.get(out.size() - 1);
                if (last != null && r.begin() <= last.end() + 1) {
                    out.set(out.size() - 1, new Range(last.begin(), Math.max(last.end(), r.end())));
                } else {
                    out.add(r);
                }
            }
            return new Ranges(out);
        }

        @Override
        public String render() {
            return "[" + String.join(",", ranges.stream().map(Range::toString).toList()) + "]";
        }
    }

    /** A set of text items, <code>{a,b}</code>; allowed in resources, not in attributes. */
    record Set(List<String> items) implements MesosValue {
        public Set {
            if (items == null || items.isEmpty()) {
                throw new IllegalArgumentException("Bad Mesos set: at least one item is needed");
            }
            items.forEach(item -> checkText(item, "set item"));
            items = List.copyOf(items);
        }

        static Set parse(String s) {
            if (!s.endsWith("}") || s.length() < 3) {
                throw new IllegalArgumentException("Bad Mesos set '" + s + "': expected {a,b,...}");
            }
            return MesosValueMap.prefixed(
                    "Bad Mesos set '" + s + "': ",
                    () -> new Set(List.of(s.substring(1, s.length() - 1).split(",", -1))));
        }

        @Override
        public String render() {
            return "{" + String.join(",", items) + "}";
        }
    }
}
