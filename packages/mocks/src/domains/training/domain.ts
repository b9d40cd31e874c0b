/** The remote training domain: courses, enrolments, attendance and completion, on the platform's services. */
import type { Domain, PlatformServices } from '../../services.js';
import { trainingRoutes } from './routes.js';
import { seedTraining } from './seed.js';
import { TrainingService } from './service.js';
import { TrainingStore } from './store.js';

export function createTrainingDomain(services: PlatformServices): Domain {
  const store = new TrainingStore();
  seedTraining(store);
  return {
    routes: trainingRoutes(new TrainingService(store, services)),
    snapshot: () => ({ trainingCourses: store.courses, trainingEnrolments: store.enrolments }),
  };
}
