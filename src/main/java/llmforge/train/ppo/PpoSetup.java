package llmforge.train.ppo;

import llmforge.data.ShardReader;
import llmforge.model.Decoder;
import llmforge.train.LoraTuning;

import java.nio.file.Path;
import java.util.List;

/**
 * The pieces of one RL run: the trainable policy, the frozen reference (with LoRA: the policy itself, whose frozen
 * base serves as reference with the adapters bypassed), the LoRA adapters (null: full training), the value model (null for GRPO/RLOO),
 * the reward optimised, the gold yardstick (may equal the reward on the toy), the gold judge for refusal rates
 * (null without alignment data), the prompts, and the optional pretraining shards (PPO-ptx, validation perplexity).
 */
public record PpoSetup(Decoder policy, Decoder reference, ValueModel value, RewardFunction reward, RewardFunction gold,
                       GoldJudgeReward judge, List<RlPrompt> trainPrompts, List<RlPrompt> evalPrompts, int[] eosIds,
                       ShardReader pretrainTrain, ShardReader pretrainVal, Path tokenizerJson, int bosId, int eosId,
                       LoraTuning lora) {}
