const { add, fibonacci } = require("./math");

// Place the cursor at the end of a line below and wait for a suggestion, or
// run "EAD: Trigger inline completion" from the command palette.
function sumOfSquares(numbers) {
  let total = 0;
  for (const n of numbers) {
    
  }
  return total;
}

console.log(add(2, 3), fibonacci(10), sumOfSquares([1, 2, 3]));
