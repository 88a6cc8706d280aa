#include "tests/support/vectors.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace disco::test {

namespace {
std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open vector " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

std::string vector_path(std::string_view relative) {
  return std::string(DISCO_VECTORS_DIR) + "/" + std::string(relative);
}

base::Bytes load_hex_vector(std::string_view relative) {
  std::istringstream lines(read_file(vector_path(relative)));
  std::string hex;
  for (std::string line; std::getline(lines, line);) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    hex += line;
    hex += '\n';
  }
  auto bytes = base::from_hex(hex);
  if (!bytes) throw std::runtime_error("vector " + std::string(relative) + " is not valid hex");
  return *bytes;
}

std::string load_text_vector(std::string_view relative) { return read_file(vector_path(relative)); }

std::string vector_comments(std::string_view relative) {
  std::istringstream lines(read_file(vector_path(relative)));
  std::string out;
  for (std::string line; std::getline(lines, line);) {
    auto hash = line.find('#');
    if (hash == std::string::npos) continue;
    auto text = line.substr(hash + 1);
    text.erase(0, text.find_first_not_of(' '));
    out += text;
    out += '\n';
  }
  return out;
}

}  // namespace disco::test
