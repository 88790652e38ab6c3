#include "bot/check_config.hpp"
