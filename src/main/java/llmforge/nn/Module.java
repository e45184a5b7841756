package llmforge.nn;

import llmforge.autograd.Parameter;
import llmforge.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A piece of a network that owns named parameters and child modules. Names are the full HuggingFace names
 * ({@code transformer.h.0.attn.c_attn.weight}), fixed at construction, so export is a straight write.
 */
public abstract class Module {
    private final List<Parameter> own = new ArrayList<>();
    private final List<Module> children = new ArrayList<>();

    protected final Parameter parameter(String name, int... shape) {
        Parameter p = new Parameter(name, shape);
        own.add(p);
        return p;
    }

    protected final <M extends Module> M child(M m) {
        children.add(m);
        return m;
    }

    /** Every parameter of this module and its children, in construction order. */
    public final List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(own);
        for (Module c : children) all.addAll(c.parameters());
        return Collections.unmodifiableList(all);
    }

    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (Parameter p : parameters()) {
            if (m.put(p.name(), p) != null) throw new IllegalStateException("duplicate parameter name " + p.name());
        }
        return m;
    }

    /** This module and all its descendants, depth first in construction order. */
    public final List<Module> modules() {
        List<Module> all = new ArrayList<>();
        all.add(this);
        for (Module c : children) all.addAll(c.modules());
        return all;
    }

    /**
     * Every tensor this module's forward reads that may want a gradient: its parameters' values and those of the LoRA
     * adapters attached to its Linears (which {@link #parameters()} leaves out). Activation recomputation needs them all.
     */
    public final List<Tensor> gradientInputs() {
        List<Tensor> all = new ArrayList<>();
        for (Parameter p : parameters()) all.add(p.value());
        for (Module m : modules()) {
            if (m instanceof Linear l && l.adapter() != null) {
                all.add(l.adapter().a().value());
                all.add(l.adapter().b().value());
            }
        }
        return all;
    }

    public final long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) n += p.size();
        return n;
    }
}
