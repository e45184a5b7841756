package llmforge.align;

/**
 * One generated task before it is dressed as a conversation: the question, its metadata, and the material the
 * graded candidates are made from.
 *
 * @param answer      the best answer, phrased the way the corpus states facts
 * @param bare        the bare answer value (a word, a number, a gloss) for format tasks
 * @param wrongAnswer a wrong (or harmful, or over-refusing) answer in the same style
 * @param wrongBare   its bare value
 * @param partial     a second-best answer where the family has a natural one (part of the advice, a refusal with no
 *                    alternative, the right answer ignoring a requested format); null: the best answer padded
 *                    past its length budget
 */
record Draft(String question, TaskMeta meta, String answer, String bare, String wrongAnswer, String wrongBare, String partial) {}
