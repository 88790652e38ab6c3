#pragma once
// An agents file for a test that runs only some platforms: the shipped example's people and teams,
// with each team's rooms kept only on those platforms (a room on a platform that is not enabled
// fails the start-up room check, as it should for an admin).
#include <filesystem>
#include <initializer_list>
#include <string>

namespace frontline::testkit {

/// Writes config/agents.example.json, rooms filtered to `platforms` (a team left with none keeps its
/// web chat room), to `file`; returns `file`.
std::filesystem::path write_agents_file(const std::filesystem::path& file, std::initializer_list<std::string> platforms);

}  // namespace frontline::testkit
