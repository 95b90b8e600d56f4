// Intentionally empty: SwiftPM needs one C source in a C target; the helpers are inline.
#include "CSocketShims.h"
