package llmforge.autograd;

import llmforge.tensor.Shape;
import llmforge.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;

import static llmforge.autograd.GradCheck.input;

class ArithmeticTest {
    record Case(String name, int[] a, int[] b) {}

    static List<Case> shapes() {
        return List.of(
                new Case("same", new int[] {3, 17}, new int[] {3, 17}),
                new Case("bias", new int[] {2, 3, 5}, new int[] {5}),
                new Case("row-scalar", new int[] {2, 3, 5}, new int[] {2, 3, 1}),
                new Case("scalar", new int[] {4, 7}, new int[] {}),
                new Case("middle", new int[] {2, 3, 4}, new int[] {2, 1, 4}),
                new Case("both-broadcast", new int[] {3, 1}, new int[] {1, 4}),
                new Case("left-broadcast", new int[] {5}, new int[] {2, 3, 5}),
                new Case("single", new int[] {1}, new int[] {1}));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void addSubMulDivMatchFiniteDifferences(Case c) {
        check("add " + c.name(), c, Arithmetic::add, Double::sum);
        check("sub " + c.name(), c, Arithmetic::sub, (x, y) -> x - y);
        check("mul " + c.name(), c, Arithmetic::mul, (x, y) -> x * y);
        check("div " + c.name(), c, Arithmetic::div, (x, y) -> x / y);
    }

    private static void check(String name, Case c, java.util.function.BinaryOperator<Tensor> op, DoubleBinaryOperator f) {
        Tensor a = input(1, -2, 2, c.a());
        Tensor b = input(2, 0.5, 2, c.b()); // away from 0 so div is smooth
        Function<double[][], double[]> ref = x -> broadcastReference(x[0], c.a(), x[1], c.b(), f);
        GradCheck.of(name, t -> op.apply(t[0], t[1]), ref).run(a, b);
    }

    /** Plain multi-index broadcasting in double. */
    static double[] broadcastReference(double[] a, int[] as, double[] b, int[] bs, DoubleBinaryOperator f) {
        int[] os = Shape.broadcast(as, bs);
        int n = (int) Shape.numel(os);
        double[] out = new double[n];
        int[] idx = new int[os.length];
        for (int i = 0; i < n; i++) {
            out[i] = f.applyAsDouble(a[flat(idx, os, as)], b[flat(idx, os, bs)]);
            for (int d = os.length - 1; d >= 0 && ++idx[d] == os[d]; d--) idx[d] = 0;
        }
        return out;
    }

    private static int flat(int[] idx, int[] os, int[] s) {
        int off = 0;
        for (int d = 0; d < s.length; d++) {
            int od = d + os.length - s.length;
            off = off * s[d] + (s[d] == 1 ? 0 : idx[od]);
        }
        return off;
    }
}
