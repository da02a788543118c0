describe('the test harness', () => {
  it('runs pure tests with the database URL set by the global setup', () => {
    expect(process.env.DATABASE_URL).toMatch(/^postgres/);
  });
});
