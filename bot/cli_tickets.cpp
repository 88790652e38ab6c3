#include "bot/cli_tickets.hpp"
