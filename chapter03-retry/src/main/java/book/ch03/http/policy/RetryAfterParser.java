package book.ch03.http.policy;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a {@code Retry-After} header (RFC 9110 §10.2.3): either delta-seconds or an
 * HTTP-date in any of the three formats a recipient must accept (§5.6.7). The JDK's
 * {@code DateTimeFormatter.RFC_1123_DATE_TIME} alone reads only the first of them.
 *
 * <pre>
 *   120                              delta-seconds
 *   Sun, 06 Nov 1994 08:49:37 GMT    IMF-fixdate (the one servers should send)
 *   Sunday, 06-Nov-94 08:49:37 GMT   obsolete RFC 850, two-digit year
 *   Sun Nov  6 08:49:37 1994         obsolete ANSI C asctime()
 * </pre>
 *
 * <p>Unit "retry-after" (with {@code RetryAfter}). Limits: a delay over {@link RetryAfter#ABSURD}
 * (a year) or a negative one is {@code Invalid}; a past date is a zero wait (add jitter to it).
 * Specified by: RetryAfterParserTest, RetryAfterDelayTest
 */
public final class RetryAfterParser {

    private RetryAfterParser() {
    }

    private static final String DAY = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
    private static final String MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
    private static final String TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
    private static final Pattern IMF_FIXDATE = Pattern.compile(DAY + ", (\\d{2}) " + MONTH + " (\\d{4}) " + TIME + " GMT");
    private static final Pattern RFC_850 = Pattern.compile("(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-"
            + MONTH + "-(\\d{2}) " + TIME + " GMT");
    private static final Pattern ASCTIME = Pattern.compile(DAY + " " + MONTH + " ( \\d|\\d{2}) " + TIME + " (\\d{4})");
    private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

    // tag::parse[]
    public static RetryAfter parse(String value, Instant now) {
        String v = value.strip();
        if (v.matches("-\\d+")) {
            return new RetryAfter.Invalid("negative delay '" + v + "'");
        }
        if (v.matches("\\d+")) {
            if (v.length() > 12) { // more seconds than 30,000 years: do not even parse it
                return new RetryAfter.Invalid("absurd delay of " + v + " seconds");
            }
            return checked(Duration.ofSeconds(Long.parseLong(v)), "delta-seconds", v);
        }
        try {
            Matcher m;
            if ((m = IMF_FIXDATE.matcher(v)).matches()) {
                return until(date(m.group(4), m.group(3), m.group(2), m, 5), now, "IMF-fixdate", v);
            }
            if ((m = RFC_850.matcher(v)).matches()) {
                int year = fiftyYearRule(Integer.parseInt(m.group(4)), now);
                return until(date(Integer.toString(year), m.group(3), m.group(2), m, 5), now, "RFC 850 date", v);
            }
            if ((m = ASCTIME.matcher(v)).matches()) {
                return until(date(m.group(7), m.group(2), m.group(3).strip(), m, 4), now, "asctime date", v);
            }
        } catch (DateTimeException e) { // 31 Feb, 25:00:00 ...
            return new RetryAfter.Invalid("impossible date '" + v + "': " + e.getMessage());
        }
        return new RetryAfter.Invalid("neither delta-seconds nor an HTTP-date: '" + v + "'");
    }

    /**
     * RFC 9110: a two-digit year that would be more than 50 years in the future means the
     * most recent past year with the same last two digits. So the year lands in the window
     * (now - 50, now + 50]; pinning it to the current century alone breaks from 2051 on,
     * when "10" must be read as 2110, not 2010.
     */
    public static int fiftyYearRule(int twoDigits, Instant now) {
        int thisYear = LocalDateTime.ofInstant(now, ZoneOffset.UTC).getYear();
        int year = thisYear / 100 * 100 + twoDigits;
        if (year > thisYear + 50) {
            return year - 100;
        }
        return year <= thisYear - 50 ? year + 100 : year;
    }
    // end::parse[]

    /**
     * An HTTP-date (a response's {@code Date} header, say) in any of the three forms, or
     * {@code null} if it is none; {@code now} only places a two-digit year.
     */
    public static Instant httpDate(String value, Instant now) {
        String v = value.strip();
        try {
            Matcher m;
            if ((m = IMF_FIXDATE.matcher(v)).matches()) {
                return date(m.group(4), m.group(3), m.group(2), m, 5).toInstant(ZoneOffset.UTC);
            }
            if ((m = RFC_850.matcher(v)).matches()) {
                int year = fiftyYearRule(Integer.parseInt(m.group(4)), now);
                return date(Integer.toString(year), m.group(3), m.group(2), m, 5).toInstant(ZoneOffset.UTC);
            }
            if ((m = ASCTIME.matcher(v)).matches()) {
                return date(m.group(7), m.group(2), m.group(3).strip(), m, 4).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeException e) {
            return null;
        }
        return null;
    }

    private static LocalDateTime date(String year, String month, String day, Matcher m, int timeGroup) {
        return LocalDateTime.of(Integer.parseInt(year), MONTHS.indexOf(month) + 1, Integer.parseInt(day),
                Integer.parseInt(m.group(timeGroup)), Integer.parseInt(m.group(timeGroup + 1)),
                Integer.parseInt(m.group(timeGroup + 2)));
    }

    private static RetryAfter until(LocalDateTime date, Instant now, String form, String raw) {
        Duration delay = Duration.between(now, date.toInstant(ZoneOffset.UTC));
        return checked(delay.isNegative() ? Duration.ZERO : delay, form, raw);
    }

    private static RetryAfter checked(Duration delay, String form, String raw) {
        if (delay.compareTo(RetryAfter.ABSURD) > 0) {
            return new RetryAfter.Invalid("absurd delay '" + raw + "' (" + delay.toDays() + " days)");
        }
        return new RetryAfter.After(delay, form);
    }
}
