package io.vigil.ingest.threatintel;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a list from its file or URL and turns it into the next snapshot. Blocking by design: callers run it on a
 * worker or scheduler thread, never on the event loop.
 */
public final class ListLoader {

    private final Duration timeout;
    private final long maxBytes;
    private final Clock clock;
    private final HttpClient http;
    private final HttpClient httpWithoutRedirects;

    /**
     * @param timeout the whole download (connect, headers and body) must finish within it
     * @param maxBytes larger content is refused, so a wrong URL or file cannot exhaust the heap
     */
    public ListLoader(Duration timeout, long maxBytes, Clock clock) {
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.clock = clock;
        // the JVM's proxy settings (https.proxyHost, ...) apply, as installations behind a proxy expect
        this.http = HttpClient.newBuilder().connectTimeout(timeout).proxy(ProxySelector.getDefault())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        // credentials go out pre-emptively, so they must not follow a redirect to whatever host it names
        this.httpWithoutRedirects = HttpClient.newBuilder().connectTimeout(timeout).proxy(ProxySelector.getDefault())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Raw list content and the time it was last known current. */
    record Content(byte[] bytes, Instant updatedAt) {
    }

    /** A load failure whose message is safe to log and show: it never carries content or credentials. */
    static final class LoadException extends Exception {
        LoadException(String message) {
            super(message, null, false, false);
        }
    }

    /** @return the next snapshot: new content, the same content seen again, or the previous one with the error */
    public ListSnapshot load(ListSnapshot previous) {
        ListSource source = previous.source();
        Instant now = clock.instant();
        try {
            Content content = source.location().isUrl() ? download(source.location().url())
                    : read(source.location().file());
            String version = version(content.bytes());
            if (version.equals(previous.version())) {
                return previous.unchanged(now, content.updatedAt());
            }
            ListFormat.Parsed parsed = source.format().parse(new String(content.bytes(), StandardCharsets.UTF_8));
            if (parsed.entries() == 0) {
                // an HTML error page or a truncated file must not replace a good list with an empty one
                throw new LoadException("no IP address or CIDR found (" + parsed.skipped() + " unreadable lines)");
            }
            return new ListSnapshot(source, parsed.ranges(), parsed.entries(), parsed.skipped(), version, now,
                    content.updatedAt(), null);
        } catch (LoadException e) {
            return previous.failed(e.getMessage());
        } catch (NoSuchFileException e) {
            return previous.failed("file not found");
        } catch (HttpTimeoutException e) {
            return previous.failed("timed out after " + timeout);
        } catch (IOException e) {
            return previous.failed(scrub(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), source.location()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return previous.failed("interrupted");
        }
    }

    /** The modification time a file source is compared against to notice a new version. */
    public static Instant modified(Path file) throws IOException {
        return Files.getLastModifiedTime(file).toInstant();
    }

    /** The version events and the API show: the first 12 hex digits of the content's SHA-256. */
    public static String version(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private Content read(Path file) throws IOException, LoadException {
        // the time is taken before reading: a write racing with the read then shows up as a newer time next check
        Instant modified = modified(file);
        if (Files.size(file) > maxBytes) {
            throw new LoadException("file is larger than " + maxBytes + " bytes");
        }
        return new Content(Files.readAllBytes(file), modified);
    }

    private Content download(URI url) throws IOException, InterruptedException, LoadException {
        String userInfo = url.getUserInfo();
        URI target = URI.create(url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).GET().timeout(timeout)
                .header("Accept", "text/plain, application/json;q=0.9, */*;q=0.5")
                .header("User-Agent", "vigil-ingest threat-intel");
        if (userInfo != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        HttpClient client = userInfo == null ? http : httpWithoutRedirects;
        Instant started = clock.instant();
        CompletableFuture<HttpResponse<byte[]>> response = client.sendAsync(request.build(),
                info -> info.statusCode() == 200 ? new LimitedBody(maxBytes)
                        : HttpResponse.BodySubscribers.replacing(null));
        try {
            HttpResponse<byte[]> answer = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (answer.statusCode() != 200) {
                throw new LoadException("HTTP " + answer.statusCode());
            }
            return new Content(answer.body(), started);
        } catch (TimeoutException e) {
            throw new HttpTimeoutException("whole download");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LoadException load) {
                throw load;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new LoadException("download failed: " + cause.getClass().getSimpleName());
        } finally {
            // aborts the exchange on timeout or interrupt, so a slow server does not keep a connection busy
            response.cancel(true);
        }
    }

    /** Exception texts of the HTTP stack could name the URL; the API and logs must never show its secrets. */
    private static String scrub(String message, ListLocation location) {
        String text = message;
        if (location.url() != null) {
            text = text.replace(location.url().toString(), location.display());
            if (location.url().getRawUserInfo() != null) {
                text = text.replace(location.url().getRawUserInfo(), "***");
            }
            if (location.url().getRawQuery() != null) {
                text = text.replace(location.url().getRawQuery(), "***");
            }
        }
        return text;
    }

    /** Collects the body but gives up past a size limit instead of buffering whatever the server sends. */
    static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final HttpResponse.BodySubscriber<byte[]> delegate = HttpResponse.BodySubscribers.ofByteArray();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final long maxBytes;
        private Flow.Subscription subscription;
        private long received;

        LimitedBody(long maxBytes) {
            this.maxBytes = maxBytes;
            delegate.getBody().whenComplete((bytes, failure) -> {
                if (failure != null) {
                    body.completeExceptionally(failure);
                } else {
                    body.complete(bytes);
                }
            });
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            delegate.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                received += item.remaining();
            }
            if (received > maxBytes) {
                subscription.cancel();
                body.completeExceptionally(new LoadException("download is larger than " + maxBytes + " bytes"));
                return;
            }
            delegate.onNext(items);
        }

        @Override
        public void onError(Throwable throwable) {
            delegate.onError(throwable);
        }

        @Override
        public void onComplete() {
            delegate.onComplete();
        }
    }
}
