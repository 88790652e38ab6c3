#pragma once
// Builds an FTS5 MATCH expression from free text: each word quoted (so user text can never be
// FTS syntax), short and common words dropped, OR-ed so bm25 ranks by how much overlaps.
#include <string>
#include <string_view>

namespace frontline {

std::string fts_match_expression(std::string_view text);

}  // namespace frontline
