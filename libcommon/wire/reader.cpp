#include "libcommon/wire/reader.hpp"

#include <algorithm>

namespace disco::wire {

bool Reader::need(std::size_t n, std::string_view field) {
  if (!ok()) return false;
  if (remaining() < n) {
    fail(errc::truncated, field);
    return false;
  }
  return true;
}

void Reader::fail(std::error_code code, std::string_view field, std::size_t field_size) {
  if (state_->error) return;
  state_->error = DecodeError{code, state_->structure, field, offset() - std::min(field_size, pos_)};
}

std::uint8_t Reader::u8(std::string_view field) {
  if (!need(1, field)) return 0;
  return data_[pos_++];
}

std::uint16_t Reader::u16(std::string_view field) {
  if (!need(2, field)) return 0;
  auto v = static_cast<std::uint16_t>((data_[pos_] << 8) | data_[pos_ + 1]);
  pos_ += 2;
  return v;
}

std::uint32_t Reader::u32(std::string_view field) {
  if (!need(4, field)) return 0;
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | data_[pos_++];
  return v;
}

std::uint64_t Reader::u64(std::string_view field) {
  if (!need(8, field)) return 0;
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | data_[pos_++];
  return v;
}

bool Reader::boolean(std::string_view field) {
  if (!need(1, field)) return false;
  const std::uint8_t b = data_[pos_];
  if (b > 1) {
    fail(errc::invalid_value, field);
    return false;
  }
  ++pos_;
  return b == 1;
}

base::BytesView Reader::fixed(std::size_t n, std::string_view field) {
  if (!need(n, field)) return {};
  auto v = data_.subspan(pos_, n);
  pos_ += n;
  return v;
}

base::BytesView Reader::opaque(int prefix_bytes, std::string_view field) {
  const std::size_t start = pos_;
  if (!need(static_cast<std::size_t>(prefix_bytes), field)) return {};
  std::size_t n = 0;
  for (int i = 0; i < prefix_bytes; ++i) n = (n << 8) | data_[pos_++];
  if (remaining() < n) {
    pos_ = start;  // report the offset of the length prefix, where the inconsistency starts
    fail(errc::truncated, field);
    return {};
  }
  auto v = data_.subspan(pos_, n);
  pos_ += n;
  return v;
}

Reader Reader::sub_fixed(std::size_t n, std::string_view field) {
  const std::size_t start = offset();
  auto v = fixed(n, field);
  return Reader(v, ok() ? start : offset(), state_);
}

Reader Reader::sub(int prefix_bytes, std::string_view field) {
  auto v = opaque(prefix_bytes, field);
  // On success the region starts right after the prefix, i.e. (current offset - region size).
  return Reader(v, offset() - v.size(), state_);
}

void Reader::expect_end(std::string_view field) {
  if (ok() && !at_end()) fail(errc::trailing_bytes, field);
}

Reader::Scope::Scope(Reader& r, std::string_view structure) : state_(r.state_), saved_(r.state_->structure) {
  state_->structure = structure;
  if (++state_->depth > state_->limits.max_depth) r.fail(errc::limit_exceeded, "nesting");
}

}  // namespace disco::wire
