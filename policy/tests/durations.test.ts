import { formatDuration, parseDurationSeconds } from "../durations";

test.each<[string, number | undefined]>([
  ["minutes=1", 60],
  ["hours=1;minutes=2", 3720],
  ["days=30", 2592000],
  ["weeks=2", 1209600],
  ["seconds=1.5", 1.5],
  ["milliseconds=500;microseconds=500", 0.5005],
  ["Hours = 2", 7200],
  ["seconds=0", 0],
  ["", undefined],
  ["hours=1;", undefined],
  ["fortnights=1", undefined],
  ["constructor=1", undefined],
  ["hours=-1", undefined],
  ["hours", undefined],
  ["3600", undefined],
])("parseDurationSeconds(%p) is %p", (text, expected) => {
  const seconds = parseDurationSeconds(text);
  if (expected === undefined) expect(seconds).toBeUndefined();
  else expect(seconds).toBeCloseTo(expected, 6);
});

test.each<[number, string]>([
  [600, "minutes=10"],
  [86400, "days=1"],
  [7776000, "days=90"],
  [1209600, "weeks=2"],
  [5400, "minutes=90"],
  [45, "seconds=45"],
  [0.5, "seconds=0.5"],
])("formatDuration(%p) is %p", (seconds, expected) => {
  expect(formatDuration(seconds)).toBe(expected);
  expect(parseDurationSeconds(expected)).toBeCloseTo(seconds, 6);
});
