export interface GetGroupUsersObj {
  attributes: string;
  email: string;
  isActive: boolean;
  lastLogin: string;
  name: string;
  pk: number;
  uid: string;
  username: string;
}
