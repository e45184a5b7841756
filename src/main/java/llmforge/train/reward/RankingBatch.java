package llmforge.train.reward;

import java.util.List;

/** A micro-batch of prompts (each with all its ranked answers). */
public record RankingBatch(List<RankingGroup> groups) {}
