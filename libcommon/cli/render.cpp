#include "libcommon/cli/render.hpp"

#include <fmt/format.h>

namespace disco::cli {

using nlohmann::ordered_json;

std::string render_json(const ordered_json& event) { return event.dump(); }

namespace {
std::string scalar(const ordered_json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) {
    auto s = v.get<std::string>();
    if (s.empty() || s.find_first_of(" \t\"") != std::string::npos) return ordered_json(s).dump();
    return s;
  }
  return v.dump();
}
}  // namespace

std::string render_text(const ordered_json& event) {
  std::string out;
  if (auto t = event.find("time"); t != event.end() && t->is_string()) {
    const auto s = t->get<std::string>();
    const auto at = s.find('T');
    out += (at == std::string::npos ? s : s.substr(at + 1, 12)) + " ";
  }
  if (auto e = event.find("event"); e != event.end()) out += fmt::format("{:<20}", scalar(*e));
  for (const auto& [key, value] : event.items()) {
    if (key == "time" || key == "event" || key == "conference") continue;
    if (key == "fields" && value.is_object()) {
      for (const auto& [name, v] : value.items()) out += fmt::format(" {}={}", name, scalar(v));
    } else if (value.is_structured()) {
      out += fmt::format(" {}={}", key, value.dump());
    } else {
      out += fmt::format(" {}={}", key, scalar(value));
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace disco::cli
