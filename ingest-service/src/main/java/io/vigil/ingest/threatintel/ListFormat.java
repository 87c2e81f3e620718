package io.vigil.ingest.threatintel;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a list's text is laid out. Every format tolerates blank lines and comments; an entry that is not an IP address
 * or CIDR block is skipped and counted, never fatal, because public feeds do carry the odd broken line.
 */
public enum ListFormat {

    /**
     * One IP or CIDR per line; {@code #} and {@code ;} start a comment, also after an entry. Fits the Tor bulk exit
     * list, FireHOL {@code .netset}, the Feodo Tracker block list and hand-written files.
     */
    PLAIN {
        @Override
        String entry(String line) {
            return withoutComment(line);
        }
    },

    /**
     * Tor's {@code exit-addresses} (TorDNSEL) records: only {@code ExitAddress <ip> <date> <time>} lines carry an
     * address; {@code ExitNode}, {@code Published} and {@code LastStatus} lines are ignored.
     */
    TORDNSEL {
        @Override
        String entry(String line) {
            String text = line.strip();
            if (!text.startsWith("ExitAddress")) {
                return null;
            }
            String[] fields = text.split("\\s+");
            // a record line without its address is malformed, not just uninteresting
            return fields.length >= 2 && fields[0].equals("ExitAddress") ? fields[1] : text;
        }
    },

    /**
     * Spamhaus DROP: {@code 1.10.16.0/20 ; SBL256894} lines under {@code ;} comment headers. The JSON-lines
     * successor ({@code drop_v4.json}, {@code drop_v6.json}) is read too: its {@code "cidr"} member, while the
     * metadata line that has none is ignored.
     */
    SPAMHAUS_DROP {
        @Override
        String entry(String line) {
            String text = line.strip();
            if (text.startsWith("{")) {
                Matcher cidr = JSON_CIDR.matcher(text);
                if (cidr.find()) {
                    return cidr.group(1);
                }
                return text.contains("\"cidr\"") ? text : null;
            }
            return withoutComment(text);
        }
    };

    private static final Pattern JSON_CIDR = Pattern.compile("\"cidr\"\\s*:\\s*\"([^\"]*)\"");

    /** The result of parsing one list's text. */
    public record Parsed(IpRanges ranges, int entries, int skipped) {
    }

    /** The spelling used in configuration and on the API. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public Parsed parse(String content) {
        IpRanges.Builder builder = IpRanges.builder();
        int entries = 0;
        int skipped = 0;
        int start = content.startsWith("\uFEFF") ? 1 : 0; // a byte-order mark would spoil the first entry
        int length = content.length();
        while (start < length) {
            int end = content.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            String entry = entry(content.substring(start, end));
            start = end + 1;
            if (entry == null || entry.isBlank()) {
                continue;
            }
            if (builder.add(entry)) {
                entries++;
            } else {
                skipped++;
            }
        }
        return new Parsed(builder.build(), entries, skipped);
    }

    /** @return the address text of the line, or null when the line carries none (blank, comment, other record) */
    abstract String entry(String line);

    private static String withoutComment(String line) {
        int hash = line.indexOf('#');
        int semicolon = line.indexOf(';');
        int cut = hash < 0 ? semicolon : semicolon < 0 ? hash : Math.min(hash, semicolon);
        return (cut < 0 ? line : line.substring(0, cut)).strip();
    }
}
