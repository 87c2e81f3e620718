package io.vigil.ingest.threatintel;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a list comes from: a local file (air-gapped installs mount lists as files) or an http(s) URL.
 *
 * @param display what logs and the API show: the file path, or the URL without user info, query or fragment, since
 *        feeds that need a key usually carry it in one of those
 */
public record ListLocation(Path file, URI url, String display) {

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    public boolean isUrl() {
        return url != null;
    }

    /**
     * @param text a file path, a {@code file:} URL, or an {@code http:}/{@code https:} URL
     * @throws IllegalArgumentException for another scheme or a URL without a host; the message never repeats the
     *         text, which may carry credentials
     */
    public static ListLocation parse(String text) {
        String location = text == null ? "" : text.strip();
        if (location.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        if (!SCHEME.matcher(location).find()) {
            Path file = Path.of(location);
            return new ListLocation(file, null, file.toString());
        }
        String scheme = location.substring(0, location.indexOf(':')).toLowerCase(Locale.ROOT);
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid " + scheme + " URL");
        }
        switch (scheme) {
            case "file":
                Path file = uri.isOpaque() ? Path.of(uri.getSchemeSpecificPart()) : Path.of(uri);
                return new ListLocation(file, null, file.toString());
            case "http":
            case "https":
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("is a " + scheme + " URL without a host");
                }
                String display = scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                        + Optional.ofNullable(uri.getRawPath()).orElse("");
                return new ListLocation(null, uri, display);
            default:
                throw new IllegalArgumentException("has the unsupported scheme '" + scheme
                        + "'; use a file path, file:, http: or https:");
        }
    }
}
