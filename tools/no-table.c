/* An empty built-in table, for building tools/gen-builtin itself: with it the
 * engine loads the built-in rules from their embedded YAML. */
#include "internal.h"

const sc_table sc_builtin_table = {.n_signs = 0};
