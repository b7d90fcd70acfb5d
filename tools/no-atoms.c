/* An empty table of built-in atoms, for building tools/gen-atoms itself. */
#include "internal.h"

const sc_builtin_atoms sc_builtin_atom_table[] = {{0, {0, 0, 0, 0, 0}}};
const size_t sc_builtin_atom_count = 0;
