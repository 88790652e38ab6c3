#pragma once
// Free text for the similar-incident search: an FTS5 MATCH expression (each word quoted, so user
// text can never be FTS syntax; short and common words dropped; OR-ed so the rank says how much
// overlaps), and the ranking of the matches found.
#include <string>
#include <string_view>
#include <vector>

namespace frontline {

/// The words the search looks for: lower-cased, 3 characters or more, no common words, each once,
/// at most 16 (a report's key words; more only slow the search).
std::vector<std::string> fts_terms(std::string_view text);

/// The distinct words of `text` as SQLite's unicode61 tokenizer (remove_diacritics 2) indexes them,
/// for the PostgreSQL store's word index: split where fts_terms splits, lower case, the accents of
/// Latin-1 letters folded ("Perché" -> "perche"), 3 characters or more (no query term is shorter).
std::vector<std::string> search_words(std::string_view text);

/// `"vpn" OR "drops"`: fts_terms quoted for MATCH; empty when the text has no word to look for.
std::string fts_match_expression(std::string_view text);

/// Okapi BM25 of each document (its columns' texts) over `terms`, as FTS5's bm25() computes it with
/// per-column `weights` (k1 1.2, b 0.75, document length over all columns), except that document
/// frequencies are counted among `docs` themselves and idf is Lucene's, never negative: FTS5's
/// bm25() reads every posting of every term in the whole index, this only the matches at hand.
/// Lower (more negative) is better, as with bm25().
std::vector<double> rank_bm25(const std::vector<std::string>& terms, const std::vector<std::vector<std::string>>& docs,
                              const std::vector<double>& weights);

}  // namespace frontline
