package llmforge.align;

import java.util.ArrayList;
import java.util.List;

/**
 * Responses ranked best to worst: {@code order.get(0)} is the index of the best response. {@code reasons.get(i)}
 * explains why {@code order.get(i)} ranks above {@code order.get(i + 1)}.
 */
public record Ranking(List<Integer> order, List<String> reasons) {
    public Ranking {
        order = List.copyOf(order);
        reasons = List.copyOf(reasons);
    }

    /** The C(K, 2) (better, worse) index pairs a reward model trains on. */
    public List<int[]> pairs() {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < order.size(); i++)
            for (int j = i + 1; j < order.size(); j++) out.add(new int[] {order.get(i), order.get(j)});
        return out;
    }
}
