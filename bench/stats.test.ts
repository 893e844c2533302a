import { countRange, markdownTable, median, percentile } from "./stats";

test.each([
  [[], NaN],
  [[5], 5],
  [[3, 1, 2], 2],
  [[4, 1, 3, 2], 2.5],
])("median(%j) = %d", (values, expected) => {
  expect(median(values)).toBe(expected);
});

test.each([
  [[], 90, NaN],
  [[7], 90, 7],
  [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
  [[10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 50, 5],
  [[1, 2, 3], 100, 3],
  [[1, 2, 3], 0, 1],
  [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90, 10],
])("percentile(%j, %d) = %d", (values, p, expected) => {
  expect(percentile(values, p)).toBe(expected);
});

test.each([
  [[], "-"],
  [[2, 2, 2], "2"],
  [[3, 2, 3], "2-3"],
])("countRange(%j) = %s", (values, expected) => {
  expect(countRange(values)).toBe(expected);
});

test("markdownTable pads columns to equal width", () => {
  expect(
    markdownTable(
      ["op", "n"],
      [
        ["check", "0"],
        ["a", "12"],
      ],
    ),
  ).toBe(["| op    | n  |", "| ----- | -- |", "| check | 0  |", "| a     | 12 |"].join("\n"));
});
