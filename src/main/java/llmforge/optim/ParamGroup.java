package llmforge.optim;

import llmforge.autograd.Parameter;

import java.util.List;

/**
 * Parameters that share optimiser settings. The learning rate of a group is the schedule's lr times
 * {@code lrScale}; {@code weightDecay} is the decoupled decay coefficient (0 = none).
 */
public record ParamGroup(String name, List<Parameter> params, double lrScale, double weightDecay) {
    public ParamGroup {
        if (!(lrScale >= 0) || Double.isInfinite(lrScale)) {
            throw new IllegalArgumentException("param group '" + name + "': lrScale must be a finite number >= 0, got " + lrScale);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("param group '" + name + "': weightDecay must be a finite number >= 0, got " + weightDecay);
        }
        params = List.copyOf(params);
    }
}
