import { app } from './web/app.js';

app.listen(Number(process.env.PORT ?? 8080), () => {
  console.log(`catalog on ${process.env.PORT ?? 8080}`);
});
