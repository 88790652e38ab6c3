#pragma once
// Reads a captured payload from tests/fixtures/.
#include <string>

namespace frontline::test {
/// The text of tests/fixtures/<relative>; fails the test (throws) when the file is missing.
std::string fixture(const std::string& relative);
}  // namespace frontline::test
