package io.brink.window;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Properties;

/** State bytes written by the last build before versioned state formats (src/test/resources/state/format-0.properties). */
public final class FormatZeroFixtures {

    private FormatZeroFixtures() {
    }

    public static byte[] bytes(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = FormatZeroFixtures.class.getResourceAsStream("/state/format-0.properties")) {
            p.load(in);
        }
        return HexFormat.of().parseHex(p.getProperty(name));
    }
}
