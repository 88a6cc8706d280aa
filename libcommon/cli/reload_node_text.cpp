#include "libcommon/cli/reload_node_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <vector>

namespace disco::cli::reload_node {

namespace {

using Row = std::vector<std::string>;
using Names = std::initializer_list<std::string_view>;

bool contains(Names names, std::string_view name) { return std::find(names.begin(), names.end(), name) != names.end(); }

// One value for people: strings as they are, null as "-", anything else as JSON. A string that is
// empty or holds a control character is printed as a JSON string, so a hostile value cannot move
// the cursor or forge a line.
std::string cell(const ordered_json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    const bool plain = !s.empty() && std::none_of(s.begin(), s.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return u < 0x20 || u == 0x7f;
    });
    return plain ? s : v.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  }
  return v.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

// A dictionary key or a value: the text when the node sent one (it does when the bytes are
// printable UTF-8), else the hex with a 0x in front.
std::string bytes_cell(const ordered_json& v, const char* name) {
  if (auto text = v.find(name); text != v.end() && text->is_string()) return cell(*text);
  if (auto hex = v.find(std::string(name) + "_hex"); hex != v.end() && hex->is_string()) {
    return "0x" + hex->get<std::string>();
  }
  return "-";
}

std::string field_of(const ordered_json& row, std::string_view name) {
  auto it = row.find(name);
  return it == row.end() ? "-" : cell(*it);
}

class KeyValues {
 public:
  // Nested objects become dotted keys (stats.messages_in); a list of scalars puts one item per line
  // under the first; a list of objects stays compact JSON.
  void add(const std::string& key, const ordered_json& v) {
    if (v.is_object()) {
      for (const auto& [k, x] : v.items()) add(fmt::format("{}.{}", key, k), x);
      return;
    }
    std::vector<std::string> values;
    if (v.is_array() && std::none_of(v.begin(), v.end(), [](const ordered_json& x) { return x.is_structured(); })) {
      for (const auto& x : v) values.push_back(cell(x));
      if (values.empty()) values.emplace_back("-");
    } else {
      values.push_back(cell(v));
    }
    entries_.emplace_back(key, std::move(values));
  }

  [[nodiscard]] std::string str() const {
    std::size_t width = 0;
    for (const auto& e : entries_) width = std::max(width, e.first.size() + 1);
    std::string out;
    for (const auto& [key, values] : entries_) {
      for (std::size_t i = 0; i < values.size(); ++i) {
        out += fmt::format("{:<{}} {}\n", i == 0 ? key + ":" : std::string(), width, values[i]);
      }
    }
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> entries_;
};

// The members of `obj` as aligned "key: value" lines: `first` in that order, then the others as they
// come, leaving out `skip` (what a table shows).
std::string fields(const ordered_json& obj, Names first, Names skip = {}) {
  KeyValues kv;
  for (auto name : first) {
    if (auto it = obj.find(name); it != obj.end()) kv.add(std::string(name), *it);
  }
  for (const auto& [key, value] : obj.items()) {
    if (!contains(first, key) && !contains(skip, key)) kv.add(key, value);
  }
  return kv.str();
}

// Columns two spaces apart; the last one is not padded.
std::string table(const Row& headers, const std::vector<Row>& rows) {
  std::vector<std::size_t> width(headers.size(), 0);
  auto measure = [&](const Row& r) {
    for (std::size_t i = 0; i < r.size() && i < width.size(); ++i) width[i] = std::max(width[i], r[i].size());
  };
  measure(headers);
  for (const auto& r : rows) measure(r);
  std::string out;
  auto line = [&](const Row& r) {
    std::string l;
    for (std::size_t i = 0; i < r.size() && i < width.size(); ++i) {
      l += i + 1 == r.size() ? r[i] : fmt::format("{:<{}}  ", r[i], width[i]);
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + "\n";
  };
  line(headers);
  for (const auto& r : rows) line(r);
  return out;
}

// The rows of `obj[name]`, an array of objects; empty when it is missing or something else.
std::vector<ordered_json> rows_of(const ordered_json& obj, std::string_view name) {
  std::vector<ordered_json> rows;
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_array()) return rows;
  for (const auto& r : *it) {
    if (r.is_object()) rows.push_back(r);
  }
  return rows;
}

std::string with_table(const ordered_json& answer, Names first, std::string_view rows_name, const Row& headers,
                       const std::vector<Row>& rows, std::string_view none) {
  std::string out = fields(answer, first, {rows_name});
  if (!out.empty()) out += "\n";
  if (rows.empty()) return out + std::string(none) + "\n";
  return out + table(headers, rows);
}

constexpr Names route_info = {"node_id", "rtt_ms", "hops", "transmissions"};

}  // namespace

std::string status_text(const ordered_json& answer) {
  if (!answer.is_object()) return cell(answer) + "\n";
  return fields(answer, {"node_id", "overlay", "state", "uptime_s", "links", "linked_peers", "linked_ring_peers",
                         "fingers", "responsible_ppb", "resources", "values", "successors", "predecessors", "stats"});
}

std::string fingers_text(const ordered_json& answer) {
  if (!answer.is_object()) return cell(answer) + "\n";
  std::vector<Row> rows;
  for (const auto& f : rows_of(answer, "fingers")) {
    rows.push_back({field_of(f, "index"), field_of(f, "start"), field_of(f, "node_id")});
  }
  return with_table(answer, {"node_id"}, "fingers", {"index", "start", "node_id"}, rows, "no fingers");
}

std::string successors_text(const ordered_json& answer) {
  if (!answer.is_object()) return cell(answer) + "\n";
  std::vector<Row> rows;
  for (const char* role : {"successors", "predecessors"}) {
    auto it = answer.find(role);
    if (it == answer.end() || !it->is_array()) continue;
    std::size_t n = 0;
    for (const auto& id : *it) {
      rows.push_back({std::string(role, std::string_view(role).size() - 1), std::to_string(++n), cell(id)});
    }
  }
  std::string out = fields(answer, {"node_id"}, {"successors", "predecessors"});
  if (!out.empty()) out += "\n";
  if (rows.empty()) return out + "no neighbours\n";
  return out + table({"role", "position", "node_id"}, rows);
}

std::string ping_text(const ordered_json& answer) {
  if (!answer.is_object()) return cell(answer) + "\n";
  return fields(answer, {"node_id", "next_peer", "rtt_ms", "hops", "transmissions", "time_ms", "response_id"});
}

std::string store_text(const ordered_json& answer) {
  if (!answer.is_object()) return cell(answer) + "\n";
  return fields(answer,
                {"resource_id", "kind", "generation", "replicas", "node_id", "rtt_ms", "hops", "transmissions"});
}

std::string fetch_text(const ordered_json& answer) {
  if (!answer.is_object()) return cell(answer) + "\n";
  const auto values = rows_of(answer, "values");
  auto has = [&](const char* name) {
    return std::any_of(values.begin(), values.end(), [&](const ordered_json& v) { return v.contains(name); });
  };
  // Columns of the values present: an array kind has indices, a dictionary keys; a fetch answer
  // has values, a stat answer lengths and hashes. The value comes last, as it may be long.
  Row headers;
  if (has("index")) headers.emplace_back("index");
  if (has("key") || has("key_hex")) headers.emplace_back("key");
  headers.insert(headers.end(), {"exists", "lifetime_s", "storage_time_ms"});
  if (has("value_length")) headers.emplace_back("value_length");
  if (has("hash_hex")) headers.emplace_back("hash_hex");
  if (has("value") || has("value_hex")) headers.emplace_back("value");
  std::vector<Row> rows;
  for (const auto& v : values) {
    Row r;
    for (const auto& h : headers) r.push_back(h == "key" || h == "value" ? bytes_cell(v, h.c_str()) : field_of(v, h));
    rows.push_back(std::move(r));
  }
  return with_table(answer, {"resource_id", "kind", "generation", "node_id", "rtt_ms", "hops", "transmissions"},
                    "values", headers, rows, "no values");
}

std::string find_text(const ordered_json& answer) {
  if (!answer.is_object()) return cell(answer) + "\n";
  std::vector<Row> rows;
  for (const auto& r : rows_of(answer, "results")) rows.push_back({field_of(r, "kind"), field_of(r, "resource_id")});
  return with_table(answer, route_info, "results", {"kind", "resource_id"}, rows, "no results");
}

std::string stored_text(const ordered_json& answer) {
  if (!answer.is_object()) return cell(answer) + "\n";
  std::vector<Row> rows;
  for (const auto& r : rows_of(answer, "resources")) {
    const auto kinds = rows_of(r, "kinds");
    if (kinds.empty()) rows.push_back({field_of(r, "resource_id"), "-", "-", "-", "-"});
    for (const auto& k : kinds) {
      rows.push_back({field_of(r, "resource_id"), field_of(k, "kind"), field_of(k, "name"), field_of(k, "values"),
                      field_of(k, "generation")});
    }
  }
  return with_table(answer, {"node_id"}, "resources", {"resource_id", "kind", "name", "values", "generation"}, rows,
                    "nothing stored");
}

std::string leave_text(const ordered_json& answer) {
  if (!answer.is_object()) return cell(answer) + "\n";
  return fields(answer, {"left"});
}

std::string init_text(const ordered_json& summary) {
  if (!summary.is_object()) return cell(summary) + "\n";
  std::vector<Row> rows;
  for (const auto& n : rows_of(summary, "nodes")) {
    auto bootstrap = n.find("bootstrap");
    const bool is_bootstrap = bootstrap != n.end() && bootstrap->is_boolean() && bootstrap->get<bool>();
    rows.push_back({field_of(n, "index"), field_of(n, "node_id"), field_of(n, "user"), field_of(n, "listen"),
                    is_bootstrap ? "bootstrap" : "-"});
  }
  return with_table(summary, {"dir", "overlay", "config", "ca"}, "nodes",
                    {"index", "node_id", "user", "listen", "bootstrap"}, rows, "no nodes");
}

std::string answer_text(control::Op op, const ordered_json& answer) {
  switch (op) {
    case control::Op::status: return status_text(answer);
    case control::Op::fingers: return fingers_text(answer);
    case control::Op::successors: return successors_text(answer);
    case control::Op::ping:
    case control::Op::route: return ping_text(answer);
    case control::Op::store: return store_text(answer);
    case control::Op::fetch:
    case control::Op::stat: return fetch_text(answer);
    case control::Op::find: return find_text(answer);
    case control::Op::stored: return stored_text(answer);
    case control::Op::leave: return leave_text(answer);
  }
  return fields(answer, {});
}

}  // namespace disco::cli::reload_node
