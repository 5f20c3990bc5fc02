import type { RouteObject } from 'react-router';
import { AccountPage } from './account-page';
import { CharterPage } from './charter-page';
import { EnrolPage } from './enrol-page';
import { InvitationPage } from './invitation-page';
import { LoginPage } from './login-page';
import { ForgotPasswordPage, NewPasswordPage } from './password-pages';
import { SecondFactorPage } from './second-factor-page';

/** Pages of this feature, mounted under the main layout by app/router.tsx. */
export const accountRoutes: RouteObject[] = [
  { path: 'connexion', element: <LoginPage /> },
  { path: 'connexion/double-authentification', element: <SecondFactorPage /> },
  { path: 'connexion/activer-double-authentification', element: <EnrolPage /> },
  { path: 'invitation', element: <InvitationPage /> },
  { path: 'mot-de-passe/oublie', element: <ForgotPasswordPage /> },
  { path: 'mot-de-passe/nouveau', element: <NewPasswordPage /> },
  { path: 'charte', element: <CharterPage /> },
  { path: 'compte', element: <AccountPage /> },
];
