// Declarations for tf-registrations.generated.js (written by scripts/gen-tf-registrations.ts):
// tfjs-core's own declarations of what it registers, the chained tensor methods among them.
import "@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js";
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
