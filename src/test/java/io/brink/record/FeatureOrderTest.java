package io.brink.record;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The points-by-name rule ({@link FeatureOrder}), property-tested, and its use by the JSON point reader. */
class FeatureOrderTest {

    record Case(List<String> names, long seed) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<List<String>> names = Arbitraries.strings().withChars("abcdefgh_ ").ofMinLength(1).ofMaxLength(6).list().ofMinSize(1)
                .ofMaxSize(12).uniqueElements();
        return Combinators.combine(names, Arbitraries.longs()).as(Case::new);
    }

    /** Values named in any order land at their feature's position; the given order kept is the identity. */
    @Property
    void anyPermutationOfTheNamesPutsEachValueAtItsFeature(@ForAll("cases") Case c) {
        List<String> given = new ArrayList<>(c.names());
        Collections.shuffle(given, new Random(c.seed()));
        double[] values = new double[given.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = c.names().indexOf(given.get(i)) * 10.0 + 0.5;     // the value says which feature it belongs to
        }
        int[] positions = FeatureOrder.positions(given, c.names());
        double[] arranged = FeatureOrder.arrange(values, positions);
        for (int k = 0; k < arranged.length; k++) {
            assertEquals(k * 10.0 + 0.5, arranged[k]);
        }
        assertEquals(given.equals(c.names()), FeatureOrder.identity(positions));
    }

    /** A name dropped, renamed or repeated is a mismatch that names it. */
    @Property
    void namesThatDoNotMatchAreRefusedByName(@ForAll("cases") Case c) {
        List<String> names = c.names();
        Random rnd = new Random(c.seed());
        String victim = names.get(rnd.nextInt(names.size()));
        List<String> missing = new ArrayList<>(names);
        missing.remove(victim);
        assertTrue(assertThrows(FeatureOrder.Mismatch.class, () -> FeatureOrder.positions(missing, names)).getMessage()
                .contains("missing " + victim));
        List<String> renamed = new ArrayList<>(names);
        renamed.set(renamed.indexOf(victim), victim + "#");
        String msg = assertThrows(FeatureOrder.Mismatch.class, () -> FeatureOrder.positions(renamed, names)).getMessage();
        assertTrue(msg.contains("missing " + victim) && msg.contains("unknown " + victim + "#"), msg);
        List<String> twice = new ArrayList<>(names);
        twice.add(victim);
        assertTrue(assertThrows(FeatureOrder.Mismatch.class, () -> FeatureOrder.positions(twice, names)).getMessage()
                .contains("named twice " + victim));
    }

    @Test
    void aJsonPointMayNameItsValues() {
        Optional<List<String>> names = Optional.of(List.of("price", "volume"));
        Point p = PointCodec.fromJson("{\"series\":\"A\",\"ts\":1,\"values\":{\"volume\":3.5,\"price\":101}}", names);
        assertArrayEquals(new double[] {101, 3.5}, p.values());
        assertArrayEquals(new double[] {1, 2}, PointCodec.fromJson("{\"series\":\"A\",\"ts\":1,\"values\":[1,2]}", names).values());
        String msg = assertThrows(FeatureOrder.Mismatch.class,
                () -> PointCodec.fromJson("{\"series\":\"A\",\"ts\":1,\"values\":{\"vol\":3.5,\"price\":101}}", names)).getMessage();
        assertTrue(msg.contains("missing volume") && msg.contains("unknown vol"), msg);
        assertThrows(FeatureOrder.Mismatch.class, () -> PointCodec.fromJson("{\"series\":\"A\",\"ts\":1,\"values\":{\"price\":1}}"),
                "no card names: values by name cannot be placed");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PointCodec.fromJson(
                "{\"series\":\"A\",\"ts\":1,\"values\":{\"volume\":\"x\",\"price\":1}}", names)).getMessage().contains("value \"volume\""));
    }
}
