package io.brink.stream;

import io.brink.window.FormatZeroFixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Vectors of doubles in state (eigenvectors, accuracy counts): the versioned layout and the unversioned one before it. */
class StateSerdesTest {

    @Test
    void readsTheUnversionedVectorsOfEarlierBuildsAndWritesVersionedOnes() throws Exception {
        double[] old = StateSerdes.doubles().deserializer().deserialize("t", FormatZeroFixtures.bytes("doubles"));
        assertArrayEquals(new double[] {0.125, -3, 7.75}, old);
        byte[] now = StateSerdes.doubles().serializer().serialize("t", old);
        assertEquals(1 + 3 * 8, now.length);
        assertEquals(StateSerdes.DOUBLES_FORMAT, now[0]);
        assertArrayEquals(old, StateSerdes.doubles().deserializer().deserialize("t", now));
        assertArrayEquals(new double[0], StateSerdes.doublesFromBytes(new byte[] {StateSerdes.DOUBLES_FORMAT}));
        assertThrows(IllegalArgumentException.class, () -> StateSerdes.doublesFromBytes(new byte[3]));
    }
}
