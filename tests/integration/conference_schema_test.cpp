// xmllint as an independent validator of our conference-info documents against the RFC 4575 s6
// schema (DIGEST.md s16): the RFC's own examples and our vectors after a parse/serialise round trip,
// the states a subscriber builds by merging them, and the full and partial notifications the
// notifier helpers produce for random conference state sequences.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "libcommon/conference/coherent_state.hpp"
#include "libcommon/conference/notifier.hpp"
#include "libcommon/conference/parse.hpp"
#include "libcommon/conference/serialise.hpp"
#include "tests/support/conference_samples.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/vectors.hpp"

namespace disco::test {
namespace {

namespace conf = conference;

class ConferenceSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(DISCO_CONFERENCE_XSD)) {
      GTEST_SKIP() << "the RFC 4575 schema is not at " << DISCO_CONFERENCE_XSD
                   << " (set DISCO_SHARED_DIR to the shared/ folder that holds specs/)";
    }
    if (!have_program("xmllint")) GTEST_SKIP() << "xmllint is not installed (Debian libxml2-utils)";
    dir_ = std::filesystem::temp_directory_path() / ("disco-confinfo-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure() && !dir_.empty()) std::filesystem::remove_all(dir_);
  }

  void write(const std::string& name, const conf::ConferenceInfo& doc) {
    auto xml = conf::serialise(doc);
    ASSERT_TRUE(xml) << name << ": " << xml.error().message();
    std::ofstream(dir_ / (name + ".xml"), std::ios::binary) << *xml;
    ++files_;
  }

  // One xmllint run over every file written; --nonet because the schema's xs:import of xml.xsd
  // points at w3.org (nothing in RFC 4575 uses it, so skipping the import changes no verdict).
  void validate_all() {
    ASSERT_GT(files_, 0);
    auto r = run_command(
        fmt::format("xmllint --nonet --noout --schema '{}' '{}'/*.xml 2>&1", DISCO_CONFERENCE_XSD, dir_.string()));
    EXPECT_EQ(r.exit_code, 0) << r.out;
    for (std::size_t at = r.out.find(" validates"); at != std::string::npos; at = r.out.find(" validates", at + 1)) {
      --files_;
    }
    EXPECT_EQ(files_, 0) << "documents that did not say 'validates':\n" << r.out;
  }

  std::filesystem::path dir_;
  int files_ = 0;
};

TEST_F(ConferenceSchema, VectorsAndTheirMergedStatesValidate) {
  for (const char* name : {"rfc4575_s7_1_basic_full", "rfc4575_s7_2_rich_partial", "full_state", "partial_add_user",
                           "partial_endpoint_status", "partial_deleted_user", "partial_gap", "full_resync",
                           "deleted_conference", "extensions"}) {
    auto doc = conf::parse(load_raw_vector(std::string("conference/") + name + ".xml"));
    ASSERT_TRUE(doc) << name << ": " << doc.error().message();
    write(std::string("vector_") + name, *doc);
  }
  conf::CoherentState s;
  int step = 0;
  for (const char* name :
       {"full_state", "partial_add_user", "partial_endpoint_status", "partial_deleted_user", "full_resync"}) {
    auto doc = conf::parse(load_raw_vector(std::string("conference/") + name + ".xml")).value();
    s.apply(doc);
    ASSERT_TRUE(s.state());
    write(fmt::format("merged_{}_{}", step++, name), *s.state());
  }
  validate_all();
}

TEST_F(ConferenceSchema, NotifierDocumentsForRandomSequencesValidate) {
  std::mt19937 rng(4575);
  for (int sequence = 0; sequence < 20; ++sequence) {
    conf::ConferenceInfo focus = conf::full_notification(random_conference(rng), 1);
    write(fmt::format("seq{}_full", sequence), focus);
    conf::CoherentState subscriber;
    subscriber.apply(focus);
    for (int step = 0; step < 15; ++step) {
      auto next = mutate_conference(focus, rng);
      auto doc = conf::partial_notification(focus, next);
      write(fmt::format("seq{}_step{}_{}", sequence, step, conf::to_string(doc.state)), doc);
      subscriber.apply(doc);
      next.version = doc.version;
      focus = std::move(next);
    }
    write(fmt::format("seq{}_merged", sequence), subscriber.state().value());
  }
  validate_all();
}

}  // namespace
}  // namespace disco::test
