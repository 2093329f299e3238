package io.brink.engine.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Pieces of the Vector API kernel: the species (the CPU's widest), loads, sigmoid, tanh. */
final class Vectors {

    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    static final DoubleVector ONE = DoubleVector.broadcast(SPECIES, 1.0);

    private Vectors() {
    }

    static DoubleVector load(double[] a, int offset) {
        return DoubleVector.fromArray(SPECIES, a, offset);
    }

    static DoubleVector sigmoid(DoubleVector x) {
        return ONE.div(x.neg().lanewise(VectorOperators.EXP).add(1.0));
    }

    static DoubleVector tanh(DoubleVector x) {
        return x.lanewise(VectorOperators.TANH);
    }
}
