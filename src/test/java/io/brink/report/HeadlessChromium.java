package io.brink.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real headless Chromium driven over the DevTools protocol (a WebSocket, JSON-RPC): start it with a fresh profile,
 * enable the Network, Runtime, Log and Page domains, load a page, evaluate expressions, take a screenshot, and keep
 * every event so a test can check what the page requested and which script errors it raised.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> events = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private int nextId = 1;

    /** The Chromium executable on the PATH (chromium, chromium-browser, google-chrome), if any. */
    static java.util.Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return java.util.Optional.of(p);
                }
            }
        }
        return java.util.Optional.empty();
    }

    HeadlessChromium(Path executable, int width, int height) throws Exception {
        profile = Files.createTempDirectory("brink-chromium-");
        process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--remote-debugging-port=0", "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String browserUrl = null;
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (browserUrl == null && System.nanoTime() < deadline) {
            String line = err.readLine();
            if (line == null) {
                throw new IllegalStateException("chromium exited before listening: " + String.join("\n", stderr));
            }
            stderr.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                browserUrl = m.group(1);
            }
        }
        if (browserUrl == null) {
            throw new IllegalStateException("chromium did not open its DevTools port in 30 s: " + String.join("\n", stderr));
        }
        Thread drain = new Thread(() -> {
            try {
                while (err.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        URI base = URI.create(browserUrl);
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://" + base.getAuthority() + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String pageUrl = null;
        for (JsonNode t : targets) {
            if (t.path("type").asText().equals("page")) {
                pageUrl = t.path("webSocketDebuggerUrl").asText();
                break;
            }
        }
        if (pageUrl == null) {
            throw new IllegalStateException("chromium has no page target: " + targets);
        }
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(URI.create(pageUrl), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        inbox.add(JSON.readTree(text.toString()));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        for (String domain : List.of("Network", "Runtime", "Log", "Page")) {
            call(domain + ".enable", JSON.createObjectNode());
        }
    }

    /** Sends a command and returns its result, keeping the events that arrive meanwhile. */
    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = nextId++;
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        socket.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode m = inbox.poll(1, TimeUnit.SECONDS);
            if (m == null) {
                continue;
            }
            if (m.path("id").asInt(-1) == id) {
                if (m.has("error")) {
                    throw new IllegalStateException(method + " failed: " + m.get("error"));
                }
                return m.path("result");
            }
            events.add(m);
        }
        throw new IllegalStateException(method + " got no answer in 60 s");
    }

    /** Loads {@code url} and waits for its load event (and a moment for late events). */
    void load(String url) throws Exception {
        call("Page.navigate", JSON.createObjectNode().put("url", url));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean loaded = events.stream().anyMatch(e -> e.path("method").asText().equals("Page.loadEventFired"));
        while (!loaded && System.nanoTime() < deadline) {
            JsonNode m = inbox.poll(1, TimeUnit.SECONDS);
            if (m != null) {
                events.add(m);
                loaded = m.path("method").asText().equals("Page.loadEventFired");
            }
        }
        if (!loaded) {
            throw new IllegalStateException("the page did not finish loading in 60 s");
        }
        JsonNode m;
        while ((m = inbox.poll(500, TimeUnit.MILLISECONDS)) != null) {
            events.add(m);
        }
    }

    /** The value of a JavaScript expression (JSON-serializable), or an exception's description. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression).put("returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("the page threw evaluating " + expression + ": " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** A PNG of the whole page (beyond the viewport). */
    byte[] screenshot() throws Exception {
        JsonNode r = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true));
        return java.util.Base64.getDecoder().decode(r.path("data").asText());
    }

    /** Every URL the page requested. */
    List<String> requestedUrls() {
        return events.stream().filter(e -> e.path("method").asText().equals("Network.requestWillBeSent"))
                .map(e -> e.path("params").path("request").path("url").asText()).toList();
    }

    /** Script exceptions, console errors and error log entries the page raised. */
    List<String> errors() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) {
            String method = e.path("method").asText();
            JsonNode p = e.path("params");
            if (method.equals("Runtime.exceptionThrown")) {
                out.add("exception: " + p.path("exceptionDetails"));
            } else if (method.equals("Runtime.consoleAPICalled") && p.path("type").asText().equals("error")) {
                out.add("console.error: " + p.path("args"));
            } else if (method.equals("Log.entryAdded") && p.path("entry").path("level").asText().equals("error")) {
                out.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        try {
            socket.abort();
        } catch (RuntimeException ignored) {
            // already closed
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
