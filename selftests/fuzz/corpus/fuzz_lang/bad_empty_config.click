// expect: 0: declares no element
// nothing but comments
