#include "core/store/store.hpp"
