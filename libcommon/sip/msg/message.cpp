#include "libcommon/sip/msg/message.hpp"

#include <algorithm>

#include "libcommon/sip/msg/header_names.hpp"

namespace disco::sip {

bool operator==(const Header& a, const Header& b) { return a.value == b.value && same_header_name(a.name, b.name); }

const std::string* Message::find(std::string_view name) const {
  for (const Header& h : headers)
    if (same_header_name(h.name, name)) return &h.value;
  return nullptr;
}

std::vector<std::string_view> Message::find_all(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const Header& h : headers)
    if (same_header_name(h.name, name)) out.emplace_back(h.value);
  return out;
}

std::size_t Message::count(std::string_view name) const {
  return static_cast<std::size_t>(
      std::count_if(headers.begin(), headers.end(), [&](const Header& h) { return same_header_name(h.name, name); }));
}

void Message::add(std::string name, std::string value) { headers.push_back({std::move(name), std::move(value)}); }

void Message::set(std::string_view name, std::string value) {
  auto first =
      std::find_if(headers.begin(), headers.end(), [&](const Header& h) { return same_header_name(h.name, name); });
  if (first == headers.end()) {
    headers.push_back({std::string(name), std::move(value)});
    return;
  }
  first->value = std::move(value);
  headers.erase(
      std::remove_if(std::next(first), headers.end(), [&](const Header& h) { return same_header_name(h.name, name); }),
      headers.end());
}

std::size_t Message::erase(std::string_view name) {
  const auto before = headers.size();
  headers.erase(
      std::remove_if(headers.begin(), headers.end(), [&](const Header& h) { return same_header_name(h.name, name); }),
      headers.end());
  return before - headers.size();
}

}  // namespace disco::sip
